package com.visitrank.world;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/** Small worlds for tests, with behaviours chosen per test. */
final class Worlds {

  private Worlds() {}

  /** A behaviour with the given payment probabilities and neutral everything else. */
  static TypeBehaviour behaviour(double share, double miss, double cure, double visitEngage,
      double visitCure) {
    return new TypeBehaviour(share, miss, 0, 0.2, cure, 0, 0, 0.3, 0.1, 0.5, visitEngage,
        visitCure, 0, 0, 0.1, 0.3);
  }

  /** A realistic mix resembling the shipped defaults. */
  static Map<BorrowerType, TypeBehaviour> realisticTypes() {
    Map<BorrowerType, TypeBehaviour> types = new EnumMap<>(BorrowerType.class);
    types.put(BorrowerType.RELIABLE, new TypeBehaviour(0.765, 0.02, 0.003, 0.04, 0.8, 0.12,
        0.03, 0.33, 0.02, 0.6, 0.75, 0.84, 0.12, 0.02, 0.1, 0.35));
    types.put(BorrowerType.FORGETFUL, new TypeBehaviour(0.15, 0.15, 0.02, 0.3, 0.6, 0.15, 0.05,
        0.3, 0.03, 0.7, 0.75, 0.66, 0.15, 0.05, 0.1, 0.4));
    types.put(BorrowerType.HARDSHIP, new TypeBehaviour(0, 0.3, 0.35, 0.3, 0.05, 0.2, 0.37, 0.3,
        0.05, 0.55, 0.7, 0.18, 0.6, 0.17, 0.1, 0.4));
    types.put(BorrowerType.UNWILLING, new TypeBehaviour(0.035, 0.14, 0.05, 0.35, 0.1, 0.22, 0.15,
        0.25, 0.35, 0.45, 0.65, 0.4, 0.35, 0.1, 0.1, 0.4));
    types.put(BorrowerType.UNREACHABLE, new TypeBehaviour(0.02, 0.1, 0.03, 0.3, 0.06, 0.12,
        0.05, 0.02, 0.05, 0.5, 0.75, 0.45, 0.3, 0.1, 0.15, 0.45));
    types.put(BorrowerType.INSOLVENT, new TypeBehaviour(0.02, 0.25, 0.15, 0.3, 0.02, 0.08, 0.25,
        0.3, 0.1, 0.5, 0.7, 0.03, 0.12, 0.3, 0.45, 0.9));
    types.put(BorrowerType.FRAUD, new TypeBehaviour(0.01, 0.7, 0.05, 0.2, 0, 0.02, 0.02, 0.1,
        0.3, 0.4, 0.5, 0, 0.02, 0.02, 0.3, 0.8));
    return types;
  }

  static Map<Product, Double> products() {
    Map<Product, Double> products = new EnumMap<>(Product.class);
    products.put(Product.CONSUMER, 0.5);
    products.put(Product.MORTGAGE, 0.12);
    products.put(Product.BUSINESS, 0.23);
    products.put(Product.AGRICULTURAL, 0.15);
    return products;
  }

  static WorldParameters realistic(int loans, long seed, int pastVisitCycles) {
    return parameters(loans, seed, realisticTypes(), 0.004, pastVisitCycles);
  }

  static WorldParameters parameters(int loans, long seed, Map<BorrowerType, TypeBehaviour> types,
      double shockHazard, int pastVisitCycles) {
    return new WorldParameters(seed, loans, LocalDate.of(2024, 1, 1), 24, 12, 6, 5, 2, types,
        shockHazard, 0.2, 0.15, 3.0, 1.5, 0.8, 7, 4, 0.08, 0.01, 0.6, 3, pastVisitCycles, 0.5,
        products());
  }
}
