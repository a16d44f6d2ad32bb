package com.visitrank.world;

import java.io.Serializable;

/**
 * The bank's regions and districts, with coordinates, relative sizes, visit teams and the
 * half-years in which a region's economy is in a downturn. All of it is derived from the seed and
 * the region and district counts, so it costs nothing to recompute on any executor.
 */
public final class Geography implements Serializable {

  public static final int MAX_REGIONS = 8;

  private static final String[] REGIONS = {
    "Jiangbei", "Hexi", "Nanshan", "Donggang", "Xiling", "Beiyuan", "Huaxi", "Qinghe"
  };
  private static final String[] DISTRICTS = {
    "Xincheng", "Laocheng", "Gaoxin", "Binhe", "Shuangqiao", "Dongguan", "Xiguan", "Nanmen",
    "Beimen", "Huayuan", "Taoyuan", "Qiaotou", "Shanxia", "Hupan", "Longtan", "Fengle", "Anping",
    "Changning", "Yongan", "Jinshi"
  };
  private static final long TAG = 0x6765_6f00L;

  private final WorldParameters parameters;
  private final double[] regionWeights;

  public Geography(WorldParameters parameters) {
    this.parameters = parameters;
    this.regionWeights = new double[parameters.regions()];
    for (int r = 0; r < regionWeights.length; r++) {
      regionWeights[r] = 0.5 + Rng.uniform(parameters.seed(), TAG, 1, r);
    }
  }

  public int regions() {
    return parameters.regions();
  }

  public int districtsPerRegion() {
    return parameters.districtsPerRegion();
  }

  public int teamsPerRegion() {
    return parameters.teamsPerRegion();
  }

  /** Relative number of customers in each region. */
  public double[] regionWeights() {
    return regionWeights.clone();
  }

  public String regionName(int region) {
    return REGIONS[region];
  }

  public String districtName(int region, int district) {
    return REGIONS[region] + " " + DISTRICTS[(district + 3 * region) % DISTRICTS.length];
  }

  public double regionLatitude(int region) {
    return 31.2 + 0.55 * (region / 3);
  }

  public double regionLongitude(int region) {
    return 118.6 + 0.7 * (region % 3);
  }

  public double districtLatitude(int region, int district) {
    return regionLatitude(region) + 0.3 * (Rng.uniform(parameters.seed(), TAG, 2, region, district)
        - 0.5);
  }

  public double districtLongitude(int region, int district) {
    return regionLongitude(region) + 0.3 * (Rng.uniform(parameters.seed(), TAG, 3, region,
        district) - 0.5);
  }

  /** Whether the region's economy is in a downturn in the half-year containing {@code month}. */
  public boolean downturn(int region, int month) {
    return Rng.uniform(parameters.seed(), TAG, 4, region, Math.floorDiv(month, 6))
        < parameters.downturnProbability();
  }

  /** The team (0-based within the region) that covers a district. */
  public int teamOf(int district) {
    return district % parameters.teamsPerRegion();
  }

  public String teamId(int region, int team) {
    return "T" + (region + 1) + "-" + (team + 1);
  }

  /** Region and team (both 0-based) of a {@link #teamId}, or null when it is not one. */
  public int[] teamIndex(String teamId) {
    if (teamId == null || !teamId.matches("T[0-9]{1,2}-[0-9]{1,2}")) {
      return null;
    }
    int dash = teamId.indexOf('-');
    int region = Integer.parseInt(teamId.substring(1, dash)) - 1;
    int team = Integer.parseInt(teamId.substring(dash + 1)) - 1;
    return region < regions() && team < teamsPerRegion() && region >= 0 && team >= 0
        ? new int[] {region, team} : null;
  }

  /** Visits a team can make per working day (4 to 8). */
  public int visitsPerDay(int region, int team) {
    return 4 + (int) (Rng.uniform(parameters.seed(), TAG, 5, region, team) * 5);
  }

  /** Cost of one visit in cents (80 to 200): dearer where distances are long. */
  public long costPerVisitCents(int region, int team) {
    return 100L * (80 + (int) (Rng.uniform(parameters.seed(), TAG, 6, region, team) * 13) * 10);
  }
}
