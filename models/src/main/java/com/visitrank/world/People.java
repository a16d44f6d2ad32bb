package com.visitrank.world;

import java.util.SplittableRandom;

/** Synthetic personal data for {@code customer_contacts}: plausible, never real. */
final class People {

  private static final String[] SURNAMES = {
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"
  };
  private static final String[] GIVEN = {
    "Wei", "Fang", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Xiu", "Ping", "Hui", "Gang",
    "Ling", "Tao", "Hong", "Bo", "Na", "Yong", "Li", "Chao", "Xin", "Yu", "Hao", "Mei"
  };
  private static final String[] STREETS = {
    "Renmin", "Jiefang", "Zhongshan", "Heping", "Wenhua", "Jianshe", "Xinhua", "Chaoyang",
    "Guangming", "Changjiang"
  };

  private People() {}

  static String name(SplittableRandom rng) {
    String given = GIVEN[rng.nextInt(GIVEN.length)];
    if (rng.nextBoolean()) {
      given += GIVEN[rng.nextInt(GIVEN.length)].toLowerCase(java.util.Locale.ROOT);
    }
    return SURNAMES[rng.nextInt(SURNAMES.length)] + " " + given;
  }

  static String phone(SplittableRandom rng) {
    StringBuilder sb = new StringBuilder("1").append(3 + rng.nextInt(7));
    for (int i = 0; i < 9; i++) {
      sb.append(rng.nextInt(10));
    }
    return sb.toString();
  }

  /** An 18-character resident id: area, birth date, sequence and ISO 7064 check character. */
  static String idNumber(SplittableRandom rng, int birthYear) {
    StringBuilder sb = new StringBuilder();
    sb.append(320000 + rng.nextInt(10000));
    sb.append(birthYear);
    int month = 1 + rng.nextInt(12);
    int day = 1 + rng.nextInt(28);
    sb.append(month < 10 ? "0" : "").append(month).append(day < 10 ? "0" : "").append(day);
    int sequence = rng.nextInt(1000);
    sb.append(sequence < 10 ? "00" : sequence < 100 ? "0" : "").append(sequence);
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (sb.charAt(i) - '0') * weights[i];
    }
    return sb.append("10X98765432".charAt(sum % 11)).toString();
  }

  static String address(SplittableRandom rng, String district) {
    return (1 + rng.nextInt(300)) + " " + STREETS[rng.nextInt(STREETS.length)] + " Road, "
        + district;
  }
}
