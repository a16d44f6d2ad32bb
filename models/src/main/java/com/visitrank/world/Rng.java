package com.visitrank.world;

import java.util.SplittableRandom;

/**
 * Deterministic random streams keyed by what they are for. Every (purpose, entity, month) gets
 * its own stream, so changing one draw (a visit, an extra month) never shifts another.
 */
public final class Rng {

  private Rng() {}

  /** SplitMix64's finaliser: a strong 64-bit mix. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static long key(long seed, long... parts) {
    long h = mix(seed ^ 0x9e3779b97f4a7c15L);
    for (long part : parts) {
      h = mix(h + 0x9e3779b97f4a7c15L + part);
    }
    return h;
  }

  public static SplittableRandom stream(long seed, long... parts) {
    return new SplittableRandom(key(seed, parts));
  }

  /** A uniform number in [0, 1) fixed by the key. */
  public static double uniform(long seed, long... parts) {
    return (key(seed, parts) >>> 11) * 0x1.0p-53;
  }

  /** Index drawn from unnormalised weights. */
  public static int pick(SplittableRandom rng, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  public static int between(SplittableRandom rng, int lowInclusive, int highInclusive) {
    return lowInclusive + rng.nextInt(highInclusive - lowInclusive + 1);
  }

  public static double lognormal(SplittableRandom rng, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(rng));
  }

  public static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
