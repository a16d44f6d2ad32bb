package com.visitrank.world;

import static com.visitrank.world.LoanDynamics.FULL;
import static com.visitrank.world.LoanDynamics.unpaidInstallments;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Simulates the synthetic bank, one block of customers at a time, so that Spark can generate
 * blocks in parallel with nothing on the driver. A block holds {@value #CUSTOMERS_PER_BLOCK}
 * customers with {@value #LOANS_PER_BLOCK} loans between them (most have one loan, some two or
 * three); the last block is cut so that the world has exactly the configured number of loans.
 *
 * <p>Every draw comes from a stream keyed by its purpose, entity and month ({@link Rng}), so a
 * block's rows are the same whichever tables are requested and however the work is split.
 */
public final class WorldSimulator implements Serializable {

  public static final int CUSTOMERS_PER_BLOCK = 20;
  public static final int LOANS_PER_BLOCK = 26;
  private static final int[] LOANS_OF_CUSTOMER = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3
  };

  private static final long TAG_BLOCK = 1;
  private static final long TAG_CUSTOMER = 2;
  private static final long TAG_PII = 3;
  private static final long TAG_LOAN = 4;
  private static final long TAG_SHOCK = 5;
  private static final long TAG_LOAN_MONTH = 6;
  private static final long TAG_CONTACTS = 7;
  private static final long TAG_CAMPAIGN = 8;
  private static final long TAG_PLANNED_VISIT = 9;

  private static final String[] OCCUPATIONS = {
    "salaried", "civil_servant", "self_employed", "business_owner", "farmer", "retired"
  };
  private static final double[] OCCUPATION_WEIGHTS = {0.42, 0.08, 0.15, 0.12, 0.13, 0.10};
  private static final double[] FRAUD_OCCUPATION_WEIGHTS = {0.40, 0.0, 0.35, 0.20, 0.05, 0.0};
  private static final double[] INCOME_MEDIANS = {8500, 10500, 9500, 18000, 4800, 4200};
  private static final String[] PAYMENT_CHANNELS = {"mobile_app", "bank_transfer", "counter"};

  private final WorldParameters parameters;
  private final int extraMonths;
  private final LoanDynamics dynamics;
  private final Geography geography;

  /**
   * A visit that an external plan (the {@code simulate} job's input) asks for: on the month end
   * {@code planMonth} the loan is put on a team's list, and the team visits it in the following
   * month. Without a {@code visitDate} the visit still has its effect on the world but leaves no
   * visit record: that is how plans already simulated once are replayed.
   *
   * @param loanId the loan to visit
   * @param planMonth month index of the plan's date (a month end)
   * @param teamId the visiting team
   * @param visitDate the day of the visit, or null to replay the visit without a record
   * @param timeWindow {@code HH:mm-HH:mm}, or null for the generator's usual visiting hours
   */
  public record PlannedVisit(String loanId, int planMonth, String teamId, LocalDate visitDate,
      String timeWindow) implements Serializable {}

  public WorldSimulator(WorldParameters parameters) {
    this(parameters, 0);
  }

  /**
   * A simulator that continues the world {@code extraMonths} past the end of its configured
   * history. Loans still originate only inside the configured history and past campaigns stay
   * where they were, so every row up to the configured end is the same as without the extra
   * months: the world simply goes on.
   */
  public WorldSimulator(WorldParameters parameters, int extraMonths) {
    if (extraMonths < 0) {
      throw new IllegalArgumentException("extra months must not be negative");
    }
    this.parameters = parameters;
    this.extraMonths = extraMonths;
    this.dynamics = new LoanDynamics(parameters);
    this.geography = new Geography(parameters);
  }

  /** Month index of the last simulated month end (the configured end plus the extra months). */
  public int lastSimulatedMonth() {
    return parameters.lastMonth() + extraMonths;
  }

  public WorldParameters parameters() {
    return parameters;
  }

  public Geography geography() {
    return geography;
  }

  /** Number of blocks that hold the configured number of loans. */
  public long blocks() {
    return (parameters.loans() + LOANS_PER_BLOCK - 1) / LOANS_PER_BLOCK;
  }

  public static String customerId(long customerIndex) {
    return "C" + pad(customerIndex + 1, 8);
  }

  public static String loanId(long loanIndex) {
    return "L" + pad(loanIndex + 1, 9);
  }

  /** The block that simulates a loan, or -1 when the id is not one of {@link #loanId}'s. */
  public static long blockOf(String loanId) {
    if (loanId == null || !loanId.matches("L[0-9]{9,18}")) {
      return -1;
    }
    long index = Long.parseLong(loanId.substring(1)) - 1;
    return index < 0 ? -1 : index / LOANS_PER_BLOCK;
  }

  /** Simulates one block and returns the rows of the requested tables. */
  public Map<WorldTable, List<Row>> simulateBlock(long block, Set<WorldTable> wanted) {
    return simulateBlock(block, wanted, List.of());
  }

  /**
   * Simulates one block under external visit plans ({@code plans} may hold visits of other
   * blocks; they are ignored) and returns the rows of the requested tables.
   */
  public Map<WorldTable, List<Row>> simulateBlock(long block, Set<WorldTable> wanted,
      List<PlannedVisit> plans) {
    Map<WorldTable, List<Row>> out = new EnumMap<>(WorldTable.class);
    for (WorldTable table : wanted) {
      out.put(table, new ArrayList<>());
    }
    int[] pattern = LOANS_OF_CUSTOMER.clone();
    SplittableRandom blockRng = Rng.stream(parameters.seed(), TAG_BLOCK, block);
    for (int i = pattern.length - 1; i > 0; i--) {
      int j = blockRng.nextInt(i + 1);
      int t = pattern[i];
      pattern[i] = pattern[j];
      pattern[j] = t;
    }
    long nextLoan = block * LOANS_PER_BLOCK;
    Outlook outlook = new Outlook(dynamics);
    for (int i = 0; i < CUSTOMERS_PER_BLOCK; i++) {
      int count = (int) Math.min(pattern[i], Math.max(0, parameters.loans() - nextLoan));
      if (count == 0) {
        break;
      }
      new CustomerRun(block * CUSTOMERS_PER_BLOCK + i, nextLoan, count, out, outlook, plans)
          .run();
      nextLoan += count;
    }
    return out;
  }

  /** One loan's simulated life. */
  private static final class LoanRun {
    long index;
    String id;
    Product product;
    double rate;
    int term;
    long principalCents;
    Amortization schedule;
    LocalDate origination;
    int originationMonth;
    int firstDueMonth;
    int dueDay;
    String branchId;
    int arrears;
    int paidHalves;
    LocalDate closedDate;
    LocalDate writtenOffDate;
    LocalDate litigationDate;
    int engagedLeft;
    int payments;
    int contacts;

    boolean activeAtEndOf(int month) {
      return originationMonth <= month && closedDate == null && writtenOffDate == null;
    }
  }

  /** The simulation of one customer and their loans, month by month. */
  private final class CustomerRun {
    private final long index;
    private final String id;
    private final Map<WorldTable, List<Row>> out;
    private final Outlook outlook;
    private final SplittableRandom rng;
    private final BorrowerType base;
    private final int region;
    private final int district;
    private final int occupation;
    private final long incomeCents;
    private final int birthYear;
    private final boolean phoneValid;
    private final boolean addressValid;
    private final double hazardMultiplier;
    private final LoanRun[] loans;
    private final double[] probabilities = new double[LoanDynamics.OUTCOMES];
    private final List<PlannedVisit> plans = new ArrayList<>();
    private boolean shocked;
    private String shockReason;
    private LocalDate firstShock;

    CustomerRun(long index, long firstLoan, int loanCount, Map<WorldTable, List<Row>> out,
        Outlook outlook, List<PlannedVisit> blockPlans) {
      this.index = index;
      this.id = customerId(index);
      this.out = out;
      this.outlook = outlook;
      this.rng = Rng.stream(parameters.seed(), TAG_CUSTOMER, index);
      this.base = drawType();
      this.region = Rng.pick(rng, geography.regionWeights());
      this.district = rng.nextInt(parameters.districtsPerRegion());
      this.occupation = Rng.pick(rng,
          base == BorrowerType.FRAUD ? FRAUD_OCCUPATION_WEIGHTS : OCCUPATION_WEIGHTS);
      this.incomeCents = 1000 * Math.round(
          Rng.lognormal(rng, INCOME_MEDIANS[occupation], 0.45) / 10);
      this.birthYear = "retired".equals(OCCUPATIONS[occupation])
          ? Rng.between(rng, 1950, 1963) : Rng.between(rng, 1962, 2003);
      this.phoneValid = base != BorrowerType.UNREACHABLE
          && rng.nextDouble() >= parameters.invalidPhoneShare();
      this.addressValid = base != BorrowerType.UNREACHABLE
          || rng.nextDouble() < parameters.unreachableAddressValid();
      String job = OCCUPATIONS[occupation];
      this.hazardMultiplier = job.equals("self_employed") || job.equals("business_owner")
          ? parameters.selfEmployedShockMultiplier()
          : job.equals("farmer") ? (1 + parameters.selfEmployedShockMultiplier()) / 2 : 1;
      this.loans = new LoanRun[loanCount];
      for (int k = 0; k < loanCount; k++) {
        loans[k] = newLoan(firstLoan + k, loanCount);
      }
      for (PlannedVisit plan : blockPlans) {
        for (LoanRun loan : loans) {
          if (loan.id.equals(plan.loanId())) {
            plans.add(plan);
          }
        }
      }
    }

    private BorrowerType drawType() {
      BorrowerType[] types = BorrowerType.values();
      double[] shares = new double[types.length];
      for (int i = 0; i < types.length; i++) {
        shares[i] = parameters.behaviour(types[i]).share();
      }
      return types[Rng.pick(rng, shares)];
    }

    private LoanRun newLoan(long loanIndex, int loanCount) {
      SplittableRandom r = Rng.stream(parameters.seed(), TAG_LOAN, loanIndex);
      LoanRun loan = new LoanRun();
      loan.index = loanIndex;
      loan.id = loanId(loanIndex);
      loan.product = drawProduct(r);
      long from = MonthCalendar.day(parameters.firstMonth() - parameters.backBookMonths(), 1)
          .toEpochDay();
      long to = MonthCalendar.end(parameters.lastMonth() - 1).toEpochDay();
      loan.origination = LocalDate.ofEpochDay(from + r.nextLong(to - from + 1));
      loan.originationMonth = MonthCalendar.index(loan.origination);
      loan.firstDueMonth = loan.originationMonth + 1;
      loan.dueDay = Math.max(5, Math.min(28, loan.origination.getDayOfMonth()));
      loan.term = loan.product.term(r.nextInt(loan.product.termChoices()));
      double rate = loan.product.minRate()
          + r.nextDouble() * (loan.product.maxRate() - loan.product.minRate());
      loan.rate = Math.round(rate * 10_000) / 10_000.0;
      TypeBehaviour b = parameters.behaviour(base);
      double dti = b.dtiLow() + r.nextDouble() * (b.dtiHigh() - b.dtiLow());
      long installment = Math.round(incomeCents * dti / loanCount);
      long principal = Amortization.principalFor(installment, loan.rate, loan.term);
      principal = Math.max(loan.product.minPrincipal() * 100,
          Math.min(loan.product.maxPrincipal() * 100, principal));
      loan.principalCents = principal / 100_000 * 100_000;
      loan.schedule = Amortization.annuity(loan.principalCents, loan.rate, loan.term);
      loan.branchId = "B" + (region + 1) + pad(1 + r.nextInt(3), 2);
      return loan;
    }

    private Product drawProduct(SplittableRandom r) {
      String job = OCCUPATIONS[occupation];
      if (job.equals("farmer") && r.nextDouble() < 0.7) {
        return Product.AGRICULTURAL;
      }
      if (job.equals("business_owner") && r.nextDouble() < 0.6) {
        return Product.BUSINESS;
      }
      Product[] products = Product.values();
      double[] shares = new double[products.length];
      boolean employed = !job.equals("self_employed") && !job.equals("business_owner")
          && !job.equals("farmer");
      for (int i = 0; i < products.length; i++) {
        boolean allowed = !employed
            || products[i] == Product.CONSUMER || products[i] == Product.MORTGAGE;
        shares[i] = allowed ? parameters.productShares().get(products[i]) : 0;
      }
      return products[Rng.pick(r, shares)];
    }

    void run() {
      int firstMonth = Integer.MAX_VALUE;
      LocalDate firstOrigination = LocalDate.MAX;
      for (LoanRun loan : loans) {
        firstMonth = Math.min(firstMonth, loan.originationMonth);
        if (loan.origination.isBefore(firstOrigination)) {
          firstOrigination = loan.origination;
        }
      }
      for (int month = firstMonth; month <= lastSimulatedMonth(); month++) {
        updateShock(month);
        for (LoanRun loan : loans) {
          if (month >= loan.firstDueMonth && loan.activeAtEndOf(month - 1)) {
            step(loan, month);
          }
        }
        if (month >= parameters.firstMonth()) {
          reportMonthEnd(month);
        }
        for (int cycle = 0; cycle < parameters.pastVisitCycles(); cycle++) {
          if (month == parameters.pastVisitMonth(cycle)) {
            pastCampaign(month);
          }
        }
        for (PlannedVisit plan : plans) {
          if (plan.planMonth() == month) {
            for (LoanRun loan : loans) {
              if (loan.id.equals(plan.loanId()) && loan.activeAtEndOf(month)) {
                plannedVisit(loan, month, plan);
              }
            }
          }
        }
      }
      emitCustomer(firstOrigination);
      for (LoanRun loan : loans) {
        emitLoan(loan);
      }
    }

    private void updateShock(int month) {
      boolean downturn = geography.downturn(region, month);
      double p = dynamics.shockProbability(base, shocked, hazardMultiplier, downturn);
      SplittableRandom r = Rng.stream(parameters.seed(), TAG_SHOCK, index, month);
      boolean next = r.nextDouble() < p;
      if (next && !shocked) {
        shockReason = drawShockReason(r, downturn);
        if (firstShock == null) {
          firstShock = MonthCalendar.day(month, 1);
        }
      }
      shocked = next;
      if (!shocked) {
        shockReason = null;
      }
    }

    private String drawShockReason(SplittableRandom r, boolean downturn) {
      if (downturn && r.nextDouble() < 0.5) {
        return "economic_downturn";
      }
      return switch (OCCUPATIONS[occupation]) {
        case "self_employed", "business_owner" ->
            r.nextDouble() < 0.6 ? "business_decline" : "illness";
        case "farmer" -> r.nextDouble() < 0.5 ? "business_decline" : "illness";
        case "retired" -> "illness";
        default -> r.nextDouble() < 0.6 ? "job_loss" : "illness";
      };
    }

    private void step(LoanRun loan, int month) {
      SplittableRandom r = Rng.stream(parameters.seed(), TAG_LOAN_MONTH, loan.index, month);
      int before = loan.arrears;
      int dueThis = month - loan.firstDueMonth < loan.term ? 2 : 0;
      int owed = before + dueThis;
      BorrowerType effective = base.effective(shocked);
      boolean engaged = loan.engagedLeft > 0;
      dynamics.outcomeProbabilities(effective, before, engaged, probabilities);
      int outcome = LoanDynamics.sample(probabilities, r.nextDouble());
      int paid = LoanDynamics.paidHalves(outcome, owed);
      boolean lateInMonth = r.nextDouble() < parameters.behaviour(effective).lateInMonth();
      int payDay = 0;
      if (paid > 0) {
        if (before == 0 && outcome == FULL) {
          payDay = lateInMonth && loan.dueDay < 28
              ? Rng.between(r, loan.dueDay + 1, 28)
              : Rng.between(r, Math.max(3, loan.dueDay - 4), loan.dueDay);
        } else {
          payDay = Rng.between(r, 3, 28);
        }
        long amount = loan.schedule.amountCents(loan.paidHalves, paid);
        String channel = before == 0 && payDay <= loan.dueDay && r.nextDouble() < 0.5
            ? "auto_debit" : PAYMENT_CHANNELS[r.nextInt(PAYMENT_CHANNELS.length)];
        LocalDate date = MonthCalendar.day(month, payDay);
        loan.payments++;
        emit(WorldTable.PAYMENTS, () -> RowFactory.create(
            loan.id + "-P" + pad(loan.payments, 3), loan.id, sqlDate(date), money(amount),
            channel));
      }
      boolean onTime = paid > 0 && before == 0 && outcome == FULL && payDay <= loan.dueDay;
      if (!onTime && out.containsKey(WorldTable.CONTACTS)) {
        contacts(loan, month, effective, before, owed, payDay);
      }
      loan.paidHalves += paid;
      loan.arrears = owed - paid;
      if (loan.engagedLeft > 0) {
        loan.engagedLeft--;
      }
      boolean matured = month - loan.firstDueMonth + 1 >= loan.term;
      if (loan.arrears == 0 && matured) {
        loan.closedDate = MonthCalendar.day(month, payDay > 0 ? payDay : 3);
      } else if (unpaidInstallments(loan.arrears) >= parameters.writeOffInstallments()) {
        loan.writtenOffDate = MonthCalendar.day(month, 28);
      } else if (loan.litigationDate == null
          && unpaidInstallments(loan.arrears) >= parameters.litigationInstallments()
          && r.nextDouble() < parameters.litigationHazard()) {
        loan.litigationDate = MonthCalendar.day(month, Rng.between(r, 3, 28));
      }
    }

    private void contacts(LoanRun loan, int month, BorrowerType effective, int before, int owed,
        int payDay) {
      SplittableRandom r = Rng.stream(parameters.seed(), TAG_CONTACTS, loan.index, month);
      int length = MonthCalendar.month(month).lengthOfMonth();
      int from = before > 0 ? 1 : loan.dueDay + 1;
      int to = payDay > 0 ? payDay - 1 : length;
      if (from > to) {
        return;
      }
      int attempts = before == 0 && payDay > 0
          ? 1 + r.nextInt(2)
          : 2 + r.nextInt(3) + Math.min(2, unpaidInstallments(before));
      int[] days = new int[attempts];
      for (int i = 0; i < attempts; i++) {
        days[i] = Rng.between(r, from, to);
      }
      Arrays.sort(days);
      TypeBehaviour b = parameters.behaviour(effective);
      for (int day : days) {
        double u = r.nextDouble();
        String channel = u < 0.62 ? "call"
            : u < 0.95 || unpaidInstallments(before) < 2 ? "sms" : "letter";
        String result;
        Long promised = null;
        LocalDate promisedDate = null;
        if (channel.equals("letter")) {
          result = r.nextDouble() < 0.3 ? "reached" : "no_answer";
        } else if (!phoneValid) {
          result = r.nextDouble() < (channel.equals("call") ? 0.6 : 0.5)
              ? "invalid_number" : "no_answer";
        } else if (channel.equals("sms")) {
          result = r.nextDouble() < 0.5 ? "reached" : "no_answer";
        } else if (r.nextDouble() >= b.reach()) {
          result = "no_answer";
        } else if (r.nextDouble() < b.refuse()) {
          result = "refused";
        } else if (r.nextDouble() < b.promise()) {
          result = "promise_to_pay";
          promised = r.nextBoolean()
              ? loan.schedule.amountCents(loan.paidHalves, owed)
              : loan.schedule.amountCents(loan.paidHalves, Math.min(2, owed));
          int promisedDay = payDay > day
              ? Math.min(28, payDay + r.nextInt(3))
              : Math.min(length, day + 3 + r.nextInt(8));
          promisedDate = MonthCalendar.day(month, promisedDay);
        } else {
          result = "reached";
        }
        LocalDateTime time = MonthCalendar.day(month, day)
            .atTime(Rng.between(r, 9, 19), r.nextInt(60));
        loan.contacts++;
        Row row = RowFactory.create(loan.id + "-C" + pad(loan.contacts, 4), loan.id,
            timestamp(time), channel, result, promised == null ? null : money(promised),
            promisedDate == null ? null : sqlDate(promisedDate));
        out.get(WorldTable.CONTACTS).add(row);
      }
    }

    private void reportMonthEnd(int month) {
      if (!out.containsKey(WorldTable.LOAN_OUTLOOK)) {
        return;
      }
      boolean[] downturn = {
        geography.downturn(region, month + 1),
        geography.downturn(region, month + 2),
        geography.downturn(region, month + 3)
      };
      LocalDate monthEnd = MonthCalendar.end(month);
      for (LoanRun loan : loans) {
        if (!loan.activeAtEndOf(month)) {
          continue;
        }
        Outlook.LoanState state = new Outlook.LoanState(base, shocked, addressValid,
            hazardMultiplier, downturn, loan.schedule, loan.firstDueMonth, month, loan.arrears,
            loan.engagedLeft);
        Outlook.Result without = outlook.withoutVisit(state);
        Outlook.Result with = outlook.withVisit(state);
        int unpaid = unpaidInstallments(loan.arrears);
        out.get(WorldTable.LOAN_OUTLOOK).add(RowFactory.create(
            loan.id, sqlDate(monthEnd), base.effective(shocked).label(),
            without.pLongOverdue60d(), with.pLongOverdue60d(),
            expectedMoney(without.expectedRecovery90dCents()),
            expectedMoney(with.expectedRecovery90dCents()),
            without.pCure30d(), unpaid >= 4 ? "M4+" : "M" + unpaid, loan.arrears / 2.0,
            geography.regionName(region)));
      }
    }

    private void pastCampaign(int month) {
      String teamId = geography.teamId(region, geography.teamOf(district));
      LocalDate planDate = MonthCalendar.end(month);
      BorrowerType effective = base.effective(shocked);
      for (LoanRun loan : loans) {
        if (!loan.activeAtEndOf(month) || loan.arrears == 0 || loan.litigationDate != null) {
          continue;
        }
        SplittableRandom r = Rng.stream(parameters.seed(), TAG_CAMPAIGN, loan.index, month);
        boolean visited = r.nextDouble() < parameters.pastVisitShare();
        emit(WorldTable.VISIT_PLANS,
            () -> RowFactory.create(sqlDate(planDate), loan.id, teamId, !visited));
        if (!visited) {
          continue;
        }
        boolean engaged = r.nextDouble() < dynamics.engageProbability(effective, addressValid);
        if (engaged) {
          loan.engagedLeft = Math.max(loan.engagedLeft, parameters.visitEffectMonths());
        }
        VisitFindings.Findings findings =
            VisitFindings.draw(r, effective, shockReason, addressValid, engaged);
        LocalDate visitDay = MonthCalendar.day(month + 1, Rng.between(r, 1, 8));
        boolean weekend = visitDay.getDayOfWeek() == DayOfWeek.SATURDAY
            || visitDay.getDayOfWeek() == DayOfWeek.SUNDAY;
        LocalDateTime time = visitDay.atTime(
            weekend ? Rng.between(r, 10, 17) : Rng.between(r, 18, 20), 15 * r.nextInt(4));
        boolean promise = "promise_to_pay".equals(findings.agreedAction())
            || "instalment_plan".equals(findings.agreedAction());
        long promisedCents = loan.schedule.amountCents(loan.paidHalves, Math.min(2,
            loan.arrears));
        LocalDate promisedDate = visitDay.plusDays(Rng.between(r, 7, 14));
        String officer = teamId + "-O" + (1 + r.nextInt(geography.visitsPerDay(region,
            geography.teamOf(district))));
        long cost = geography.costPerVisitCents(region, geography.teamOf(district));
        emit(WorldTable.VISITS, () -> RowFactory.create(
            loan.id + "-V" + MonthCalendar.month(month + 1).toString().replace("-", ""),
            loan.id, teamId, officer, timestamp(time), findings.outcome(),
            findings.overdueReason(), findings.ability(), findings.willingness(),
            findings.infoVerified(), findings.agreedAction(),
            promise ? money(promisedCents) : null, promise ? sqlDate(promisedDate) : null,
            money(cost)));
      }
    }

    /**
     * A visit of an external plan: engages the borrower as a past campaign's visit would, and
     * records it on the planned day, within the planned window, by the planned team.
     */
    private void plannedVisit(LoanRun loan, int month, PlannedVisit plan) {
      SplittableRandom r = Rng.stream(parameters.seed(), TAG_PLANNED_VISIT, loan.index, month);
      BorrowerType effective = base.effective(shocked);
      boolean engaged = r.nextDouble() < dynamics.engageProbability(effective, addressValid);
      if (engaged) {
        loan.engagedLeft = Math.max(loan.engagedLeft, parameters.visitEffectMonths());
      }
      if (plan.visitDate() == null) {
        return;
      }
      VisitFindings.Findings findings =
          VisitFindings.draw(r, effective, shockReason, addressValid, engaged);
      LocalDate visitDay = plan.visitDate();
      LocalDateTime time = visitDay.atStartOfDay().plusMinutes(visitMinute(r, visitDay,
          plan.timeWindow()));
      boolean promise = "promise_to_pay".equals(findings.agreedAction())
          || "instalment_plan".equals(findings.agreedAction());
      long promisedCents = loan.schedule.amountCents(loan.paidHalves, Math.min(2,
          loan.arrears));
      LocalDate promisedDate = visitDay.plusDays(Rng.between(r, 7, 14));
      int[] team = geography.teamIndex(plan.teamId());
      int officers = team == null ? 4 : geography.visitsPerDay(team[0], team[1]);
      String officer = plan.teamId() + "-O" + (1 + r.nextInt(officers));
      Long cost = team == null ? null : geography.costPerVisitCents(team[0], team[1]);
      emit(WorldTable.VISITS, () -> RowFactory.create(
          loan.id + "-V" + MonthCalendar.month(MonthCalendar.index(visitDay)).toString()
              .replace("-", ""),
          loan.id, plan.teamId(), officer, timestamp(time), findings.outcome(),
          findings.overdueReason(), findings.ability(), findings.willingness(),
          findings.infoVerified(), findings.agreedAction(),
          promise ? money(promisedCents) : null, promise ? sqlDate(promisedDate) : null,
          cost == null ? null : money(cost)));
    }

    private void emitCustomer(LocalDate firstOrigination) {
      LocalDate since = firstOrigination.minusDays(rng.nextInt(3650));
      String regionName = geography.regionName(region);
      String districtName = geography.districtName(region, district);
      double latitude = geography.districtLatitude(region, district)
          + 0.02 * Rng.gaussian(rng);
      double longitude = geography.districtLongitude(region, district)
          + 0.02 * Rng.gaussian(rng);
      String job = OCCUPATIONS[occupation];
      String employer = switch (job) {
        case "salaried" -> rng.nextDouble() < 0.7 ? "private" : "state";
        case "civil_servant" -> "public_sector";
        case "retired" -> "none";
        default -> "self";
      };
      emit(WorldTable.CUSTOMERS, () -> RowFactory.create(id, regionName, districtName, job,
          employer, money(incomeCents), birthYear, sqlDate(since), round5(latitude),
          round5(longitude)));
      if (out.containsKey(WorldTable.CUSTOMER_CONTACTS)) {
        SplittableRandom pii = Rng.stream(parameters.seed(), TAG_PII, index);
        out.get(WorldTable.CUSTOMER_CONTACTS).add(RowFactory.create(id, People.name(pii),
            People.phone(pii), People.idNumber(pii, birthYear),
            People.address(pii, districtName)));
      }
      emit(WorldTable.BORROWERS, () -> RowFactory.create(id, base.label(), phoneValid,
          addressValid, hazardMultiplier, firstShock == null ? null : sqlDate(firstShock),
          loans.length));
    }

    private void emitLoan(LoanRun loan) {
      String regionName = geography.regionName(region);
      emit(WorldTable.LOANS, () -> RowFactory.create(loan.id, id, loan.product.label(),
          money(loan.principalCents), loan.rate, loan.term, sqlDate(loan.origination),
          loan.branchId, regionName, sqlDate(loan.closedDate), sqlDate(loan.writtenOffDate),
          sqlDate(loan.litigationDate)));
      if (out.containsKey(WorldTable.SCHEDULE)) {
        List<Row> rows = out.get(WorldTable.SCHEDULE);
        for (int i = 0; i < loan.term; i++) {
          rows.add(RowFactory.create(loan.id, i + 1,
              sqlDate(MonthCalendar.day(loan.firstDueMonth + i, loan.dueDay)),
              money(loan.schedule.principalCents(i)), money(loan.schedule.interestCents(i))));
        }
      }
    }

    private void emit(WorldTable table, java.util.function.Supplier<Row> row) {
      List<Row> rows = out.get(table);
      if (rows != null) {
        rows.add(row.get());
      }
    }
  }

  /**
   * Minutes after midnight of a visit: a quarter hour inside {@code HH:mm-HH:mm} (the last
   * quarter hour starting before its end), or the generator's usual hours without a window.
   */
  static int visitMinute(SplittableRandom r, LocalDate day, String window) {
    if (window == null || !window.matches("[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]")) {
      boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY
          || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      return 60 * (weekend ? Rng.between(r, 10, 17) : Rng.between(r, 18, 20)) + 15 * r.nextInt(4);
    }
    int from = 60 * Integer.parseInt(window.substring(0, 2)) + Integer.parseInt(
        window.substring(3, 5));
    int to = 60 * Integer.parseInt(window.substring(6, 8)) + Integer.parseInt(
        window.substring(9, 11));
    int slots = Math.max(1, (to - from) / 15);
    return from + 15 * r.nextInt(slots);
  }

  static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  static BigDecimal money(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  static BigDecimal expectedMoney(double cents) {
    return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
  }

  static Date sqlDate(LocalDate date) {
    return date == null ? null : Date.valueOf(date);
  }

  static Timestamp timestamp(LocalDateTime time) {
    return new Timestamp(time.toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  static double round5(double value) {
    return Math.round(value * 100_000) / 100_000.0;
  }
}
