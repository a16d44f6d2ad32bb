package com.visitrank.world;

import java.util.Locale;

/**
 * The latent kind of borrower. Risk and responsiveness to a visit are different things: the
 * world's types are built so that ranking by risk alone loses to ranking by the gain of a visit.
 * {@link #HARDSHIP} is never drawn at origination; it is the effective type of a borrower whose
 * capacity a shock (illness, job loss, business decline, a regional downturn) has cut.
 */
public enum BorrowerType {
  RELIABLE(true),
  FORGETFUL(true),
  HARDSHIP(false),
  UNWILLING(true),
  UNREACHABLE(false),
  INSOLVENT(false),
  FRAUD(false);

  private final boolean shockable;

  BorrowerType(boolean shockable) {
    this.shockable = shockable;
  }

  /** Whether an income shock can turn this borrower into a hardship case. */
  public boolean shockable() {
    return shockable;
  }

  /** The type as written in tables and config ({@code reliable}, {@code hardship}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type a borrower behaves as this month. */
  public BorrowerType effective(boolean shocked) {
    return shocked && shockable ? HARDSHIP : this;
  }

  public static BorrowerType fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
