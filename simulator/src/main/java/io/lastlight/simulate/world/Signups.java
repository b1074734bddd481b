package io.lastlight.simulate.world;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The sign-up curve: a growing baseline from Aug 2018 plus spikes in Dec 2018, Jun 2019 (the Saudi influx),
 * Jun 2020 and the largest from Nov 2020 into Jan 2021. Account index i (in join order) gets the join time at
 * quantile (i + jitter) / N of this curve, so user numbers increase with join time. The table has one entry
 * per day (a few hundred doubles), independent of N.
 */
public final class Signups {
    public static final LocalDate FIRST_DAY = LocalDate.of(2018, 8, 1);

    private final LocalDate lastDay;
    private final double[] cdf; // cdf[d] = share of sign-ups before day d; cdf[days] = 1

    public Signups(LocalDate lastDay, double spikeScale) {
        this.lastDay = lastDay;
        int days = (int) ChronoUnit.DAYS.between(FIRST_DAY, lastDay) + 1;
        if (days < 1) throw new IllegalArgumentException("world starts before " + FIRST_DAY);
        double[] w = new double[days];
        for (int d = 0; d < days; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            double base = 1.0 + 2.0 * d / Math.max(1, days);
            double spike = 0;
            spike += bump(day, LocalDate.of(2018, 12, 12), 9, 4.0);
            spike += bump(day, LocalDate.of(2019, 6, 15), 5, 12.0);
            spike += bump(day, LocalDate.of(2020, 6, 22), 8, 8.0);
            // Nov 2020 - Jan 2021: election-night surge, a plateau, a second surge in early January.
            spike += bump(day, LocalDate.of(2020, 11, 9), 6, 40.0);
            if (!day.isBefore(LocalDate.of(2020, 11, 4)) && !day.isAfter(LocalDate.of(2021, 1, 31))) spike += 10.0;
            spike += bump(day, LocalDate.of(2021, 1, 8), 3, 30.0);
            w[d] = base + spikeScale * spike;
        }
        cdf = new double[days + 1];
        double total = 0;
        for (double x : w) total += x;
        double acc = 0;
        for (int d = 0; d < days; d++) {
            cdf[d] = acc / total;
            acc += w[d];
        }
        cdf[days] = 1.0;
    }

    private static double bump(LocalDate day, LocalDate centre, double width, double height) {
        double dx = ChronoUnit.DAYS.between(centre, day) / width;
        return dx * dx > 30 ? 0 : height * Math.exp(-0.5 * dx * dx);
    }

    public int days() {
        return cdf.length - 1;
    }

    public LocalDate lastDay() {
        return lastDay;
    }

    /** The join instant at quantile q in [0,1). Monotone in q. */
    public Instant at(double q) {
        int lo = 0, hi = cdf.length - 1; // find d with cdf[d] <= q < cdf[d+1]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= q) lo = mid; else hi = mid;
        }
        double within = (q - cdf[lo]) / (cdf[lo + 1] - cdf[lo]);
        if (within < 0) within = 0;
        if (within >= 1) within = 0.999999;
        long secs = (long) (within * 86400);
        return FIRST_DAY.plusDays(lo).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(secs);
    }
}
