package com.visitrank.config;

import com.typesafe.config.ConfigRenderOptions;
import com.visitrank.world.BorrowerType;
import com.visitrank.world.Product;
import com.visitrank.world.TypeBehaviour;
import com.visitrank.world.WorldParameters;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of the {@code generate} job: the world's parameters and how to split the work.
 *
 * @param world the synthetic bank's parameters
 * @param partitions Spark partitions to generate with (0 = automatic)
 * @param scenario the resolved {@code generate} section as HOCON, from which {@link #read} makes
 *     the same world again (written next to the truth so that {@code simulate} can continue it)
 */
public record GenerateSettings(WorldParameters world, int partitions, String scenario) {

  private static final String P = "generate.";

  public static GenerateSettings read(ConfigReader r) {
    Map<BorrowerType, TypeBehaviour> types = new EnumMap<>(BorrowerType.class);
    for (BorrowerType type : BorrowerType.values()) {
      types.put(type, behaviour(r, P + "types." + type.label() + "."));
    }
    Map<Product, Double> products = new EnumMap<>(Product.class);
    for (Product product : Product.values()) {
      products.put(product, r.probability(P + "products." + product.label()));
    }
    try {
      WorldParameters world = new WorldParameters(
          r.wholeNumber(P + "seed", Long.MIN_VALUE, Long.MAX_VALUE),
          r.integer(P + "loans", 1, 50_000_000),
          r.date(P + "start-date"),
          r.integer(P + "months", 4, 240),
          r.integer(P + "back-book-months", 0, 120),
          r.integer(P + "regions", 1, 8),
          r.integer(P + "districts-per-region", 1, 20),
          r.integer(P + "teams-per-region", 1, 20),
          types,
          r.probability(P + "shock.monthly-hazard"),
          r.probability(P + "shock.end-probability"),
          r.probability(P + "shock.downturn-probability"),
          r.number(P + "shock.downturn-multiplier", 1, 100),
          r.number(P + "shock.self-employed-multiplier", 0, 100),
          r.probability(P + "cure-depth-decay"),
          r.integer(P + "write-off-installments", 2, 12),
          r.integer(P + "litigation-installments", 1, 11),
          r.probability(P + "litigation-hazard"),
          r.probability(P + "invalid-phone-share"),
          r.probability(P + "unreachable-address-valid"),
          r.integer(P + "visit-effect-months", 1, 12),
          r.integer(P + "past-visit-cycles", 0, 60),
          r.probability(P + "past-visit-share"),
          products);
      return new GenerateSettings(world, r.integer(P + "partitions", 0, 100_000),
          render(r));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("Bad configuration in section generate: " + e.getMessage());
    }
  }

  private static String render(ConfigReader r) {
    return "# The generate section that made this world (written by generate; read by simulate).\n"
        + r.config().withOnlyPath("generate").root().render(ConfigRenderOptions.defaults()
            .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
  }

  private static TypeBehaviour behaviour(ConfigReader r, String prefix) {
    try {
      return new TypeBehaviour(
          r.probability(prefix + "share"),
          r.probability(prefix + "miss"),
          r.probability(prefix + "partial"),
          r.probability(prefix + "late-in-month"),
          r.probability(prefix + "cure"),
          r.probability(prefix + "keep-current"),
          r.probability(prefix + "partial-delinquent"),
          r.probability(prefix + "reach"),
          r.probability(prefix + "refuse"),
          r.probability(prefix + "promise"),
          r.probability(prefix + "visit-engage"),
          r.probability(prefix + "visit-cure"),
          r.probability(prefix + "visit-keep-current"),
          r.probability(prefix + "visit-partial"),
          r.number(prefix + "dti-low", 0, 2),
          r.number(prefix + "dti-high", 0, 2));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("Bad configuration in " + prefix.substring(0, prefix.length() - 1)
          + ": " + e.getMessage());
    }
  }

  /** Partitions to use: configured, or about 25,000 loans each. */
  public int effectivePartitions() {
    return partitions > 0 ? partitions : Math.max(2, (world.loans() + 24_999) / 25_000);
  }
}
