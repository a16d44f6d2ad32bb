package com.visitrank.world;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything that shapes a generated world, read from the {@code generate} config section. The
 * same parameters and seed always give the same world.
 *
 * @param seed seed of every random draw
 * @param loans number of loans
 * @param startDate first day of the first reported month
 * @param months months of reported history (month ends from {@code startDate} on)
 * @param backBookMonths months before {@code startDate} in which loans may already originate
 * @param regions number of regions (at most {@link Geography#MAX_REGIONS})
 * @param districtsPerRegion districts in each region
 * @param teamsPerRegion visit teams in each region
 * @param types behaviour of each borrower type
 * @param shockHazard monthly probability that a shockable borrower's income is cut
 * @param shockEndProbability monthly probability that a running shock ends
 * @param downturnProbability probability that a region is in a downturn in a half-year
 * @param downturnMultiplier shock hazard multiplier during a regional downturn
 * @param selfEmployedShockMultiplier shock hazard multiplier of business owners and the self-employed
 * @param cureDepthDecay factor on the cure probability per extra unpaid instalment
 * @param writeOffInstallments unpaid instalments at which a loan is written off (7 = DPD over 180)
 * @param litigationInstallments unpaid instalments from which litigation may start
 * @param litigationHazard monthly probability of litigation once eligible
 * @param invalidPhoneShare share of reachable borrowers whose phone number is wrong anyway
 * @param unreachableAddressValid share of unreachable borrowers still living at their address
 * @param visitEffectMonths months an engaging visit changes behaviour
 * @param pastVisitCycles month ends before the end of history with a past visit campaign
 * @param pastVisitShare share of eligible loans visited in a past campaign (the rest is control)
 * @param productShares share of each product among new loans of salaried borrowers
 */
public record WorldParameters(
    long seed,
    int loans,
    LocalDate startDate,
    int months,
    int backBookMonths,
    int regions,
    int districtsPerRegion,
    int teamsPerRegion,
    Map<BorrowerType, TypeBehaviour> types,
    double shockHazard,
    double shockEndProbability,
    double downturnProbability,
    double downturnMultiplier,
    double selfEmployedShockMultiplier,
    double cureDepthDecay,
    int writeOffInstallments,
    int litigationInstallments,
    double litigationHazard,
    double invalidPhoneShare,
    double unreachableAddressValid,
    int visitEffectMonths,
    int pastVisitCycles,
    double pastVisitShare,
    Map<Product, Double> productShares)
    implements Serializable {

  /** Validates ranges that the simulation relies on. */
  public WorldParameters {
    require(loans >= 1, "loans must be at least 1");
    require(months >= 1, "months must be at least 1");
    require(backBookMonths >= 0, "back-book-months must not be negative");
    require(regions >= 1 && regions <= Geography.MAX_REGIONS,
        "regions must be between 1 and " + Geography.MAX_REGIONS);
    require(districtsPerRegion >= 1 && districtsPerRegion <= 20,
        "districts-per-region must be between 1 and 20");
    require(teamsPerRegion >= 1 && teamsPerRegion <= districtsPerRegion,
        "teams-per-region must be between 1 and districts-per-region");
    require(writeOffInstallments >= 2 && writeOffInstallments <= 12,
        "write-off-installments must be between 2 and 12");
    require(litigationInstallments >= 1 && litigationInstallments < writeOffInstallments,
        "litigation-installments must be below write-off-installments");
    require(visitEffectMonths >= 1 && visitEffectMonths <= 12,
        "visit-effect-months must be between 1 and 12");
    require(pastVisitCycles >= 0 && pastVisitCycles + 3 < months,
        "past-visit-cycles must leave 3 months of follow-up inside the history");
    types = new EnumMap<>(types);
    for (BorrowerType type : BorrowerType.values()) {
      require(types.containsKey(type), "missing behaviour of type " + type.label());
    }
    double shares = 0;
    for (TypeBehaviour behaviour : types.values()) {
      shares += behaviour.share();
    }
    require(Math.abs(shares - 1) < 1e-6, "type shares must sum to 1, got " + shares);
    require(types.get(BorrowerType.HARDSHIP).share() == 0,
        "hardship is reached through shocks; its share must be 0");
    productShares = new EnumMap<>(productShares);
    double productTotal = 0;
    for (Product product : Product.values()) {
      require(productShares.containsKey(product), "missing share of product " + product.label());
      productTotal += productShares.get(product);
    }
    require(Math.abs(productTotal - 1) < 1e-6, "product shares must sum to 1, got " + productTotal);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public TypeBehaviour behaviour(BorrowerType type) {
    return types.get(type);
  }

  /** Month index of the first reported month end. */
  public int firstMonth() {
    return MonthCalendar.index(startDate);
  }

  /** Month index of the last reported month end (the end of history). */
  public int lastMonth() {
    return firstMonth() + months - 1;
  }

  /** Month indexes of past visit campaigns: each leaves three months of follow-up. */
  public int pastVisitMonth(int cycle) {
    return lastMonth() - 3 - (pastVisitCycles - 1 - cycle);
  }
}
