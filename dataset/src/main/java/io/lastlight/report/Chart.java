package io.lastlight.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline-SVG chart: linear or log10 axes, x as numbers or dates (epoch days), and layers drawn in
 * order (interval band, bars, line, points, error bars). Every data mark carries {@code class="mark"} so a
 * browser test can count what was drawn. Hand-written because the report needs five simple charts and no
 * network or script: a chart library would be larger than this file.
 */
final class Chart {
    static final int W = 760, H = 300, L = 64, R = 16, T = 28, B = 44;

    private final String id;
    private final String title;
    private final boolean xDate, xLog, yLog;
    private final String xLabel, yLabel;
    private final StringBuilder layers = new StringBuilder();
    private double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    private final List<Runnable> draws = new ArrayList<>();
    private int marks;

    Chart(String id, String title, boolean xDate, boolean xLog, boolean yLog, String xLabel, String yLabel) {
        this.id = id;
        this.title = title;
        this.xDate = xDate;
        this.xLog = xLog;
        this.yLog = yLog;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    private void extend(double x, double y) {
        if (!ok(x, xLog) || !ok(y, yLog)) return;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
    }

    private static boolean ok(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    Chart zeroBased() {
        if (!yLog) y0 = Math.min(y0, 0);
        return this;
    }

    Chart line(double[] x, double[] y, String color) {
        for (int i = 0; i < x.length; i++) extend(x[i], y[i]);
        draws.add(() -> {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                if (!ok(x[i], xLog) || !ok(y[i], yLog)) continue;
                d.append(d.length() == 0 ? "M" : "L").append(f(px(x[i]))).append(',').append(f(py(y[i])));
            }
            layers.append("<path class=\"line\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"/>\n");
        });
        return this;
    }

    Chart band(double[] x, double[] lo, double[] hi, String color) {
        for (int i = 0; i < x.length; i++) {
            extend(x[i], lo[i]);
            extend(x[i], hi[i]);
        }
        draws.add(() -> {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < x.length; i++) d.append(d.length() == 0 ? "M" : "L").append(f(px(x[i]))).append(',').append(f(py(hi[i])));
            for (int i = x.length - 1; i >= 0; i--) d.append('L').append(f(px(x[i]))).append(',').append(f(py(lo[i])));
            if (d.length() > 0) d.append('Z');
            layers.append("<path class=\"band\" d=\"").append(d).append("\" fill=\"").append(color).append("\" fill-opacity=\"0.25\" stroke=\"none\"/>\n");
        });
        return this;
    }

    Chart points(double[] x, double[] y, String color, double r, String[] tips) {
        for (int i = 0; i < x.length; i++) extend(x[i], y[i]);
        draws.add(() -> {
            for (int i = 0; i < x.length; i++) {
                if (!ok(x[i], xLog) || !ok(y[i], yLog)) continue;
                marks++;
                layers.append("<circle class=\"mark\" cx=\"").append(f(px(x[i]))).append("\" cy=\"").append(f(py(y[i])))
                        .append("\" r=\"").append(f(r)).append("\" fill=\"").append(color).append("\">");
                if (tips != null) layers.append("<title>").append(Html.esc(tips[i])).append("</title>");
                layers.append("</circle>\n");
            }
        });
        return this;
    }

    Chart errorBars(double[] x, double[] lo, double[] hi, String color) {
        for (int i = 0; i < x.length; i++) {
            extend(x[i], lo[i]);
            extend(x[i], hi[i]);
        }
        draws.add(() -> {
            for (int i = 0; i < x.length; i++) {
                if (!ok(x[i], xLog) || !ok(lo[i], yLog) || !ok(hi[i], yLog) || lo[i] == hi[i]) continue;
                layers.append("<line class=\"err\" x1=\"").append(f(px(x[i]))).append("\" x2=\"").append(f(px(x[i])))
                        .append("\" y1=\"").append(f(py(lo[i]))).append("\" y2=\"").append(f(py(hi[i])))
                        .append("\" stroke=\"").append(color).append("\"/>\n");
            }
        });
        return this;
    }

    /** Bars from y = base (0) up to y[i], stacked on {@code under} when given; width in x units. */
    Chart bars(double[] x, double[] y, double[] under, double width, String color, String[] tips) {
        for (int i = 0; i < x.length; i++) {
            double b = under == null ? 0 : under[i];
            extend(x[i], b);
            extend(x[i] + width, b + y[i]);
        }
        draws.add(() -> {
            for (int i = 0; i < x.length; i++) {
                if (y[i] <= 0) continue;
                double b = under == null ? 0 : under[i];
                double top = py(b + y[i]), bottom = py(b);
                marks++;
                layers.append("<rect class=\"mark\" x=\"").append(f(px(x[i]))).append("\" y=\"").append(f(top))
                        .append("\" width=\"").append(f(Math.max(1, px(x[i] + width) - px(x[i]) - 1))).append("\" height=\"")
                        .append(f(Math.max(0.5, bottom - top))).append("\" fill=\"").append(color).append("\">");
                if (tips != null) layers.append("<title>").append(Html.esc(tips[i])).append("</title>");
                layers.append("</rect>\n");
            }
        });
        return this;
    }

    private double tx(double v) {
        return xLog ? Math.log10(v) : v;
    }

    private double ty(double v) {
        return yLog ? Math.log10(v) : v;
    }

    private double px(double x) {
        double a = tx(x0), b = tx(x1);
        return L + (b == a ? 0.5 : (tx(x) - a) / (b - a)) * (W - L - R);
    }

    private double py(double y) {
        double a = ty(y0), b = ty(y1);
        return H - B - (b == a ? 0.5 : (ty(y) - a) / (b - a)) * (H - T - B);
    }

    String svg() {
        StringBuilder s = new StringBuilder();
        if (!(x0 <= x1) || !(y0 <= y1)) {
            return "<svg class=\"chart empty\" id=\"" + id + "\" data-marks=\"0\" width=\"" + W + "\" height=\"60\" role=\"img\"><text x=\"10\" y=\"30\">"
                    + Html.esc(title) + ": no data in this dataset</text></svg>\n";
        }
        if (yLog) {
            y0 = Math.pow(10, Math.floor(Math.log10(y0)));
            y1 = Math.pow(10, Math.ceil(Math.log10(y1)));
        } else if (y1 > y0) {
            y1 = y1 + (y1 - y0) * 0.05;
        }
        draws.forEach(Runnable::run);
        s.append("<svg class=\"chart\" id=\"").append(id).append("\" data-marks=\"").append(marks).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\">\n");
        s.append("<title>").append(Html.esc(title)).append("</title>\n");
        s.append("<text x=\"").append(L).append("\" y=\"16\" class=\"ct\">").append(Html.esc(title)).append("</text>\n");
        axes(s);
        s.append(layers);
        s.append("</svg>\n");
        return s.toString();
    }

    private void axes(StringBuilder s) {
        int bottom = H - B;
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(bottom).append("\" x2=\"").append(W - R).append("\" y2=\"").append(bottom).append("\" stroke=\"#444\"/>\n");
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(T).append("\" x2=\"").append(L).append("\" y2=\"").append(bottom).append("\" stroke=\"#444\"/>\n");
        for (double v : ticks(y0, y1, yLog)) {
            double y = py(v);
            s.append("<line x1=\"").append(L - 4).append("\" x2=\"").append(W - R).append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"").append(L - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">").append(label(v, false)).append("</text>\n");
        }
        for (double v : xDate ? dateTicks(x0, x1) : ticks(x0, x1, xLog)) {
            double x = px(v);
            s.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom + 4).append("\" stroke=\"#444\"/>");
            s.append("<text x=\"").append(f(x)).append("\" y=\"").append(bottom + 16).append("\" text-anchor=\"middle\">").append(label(v, xDate)).append("</text>\n");
        }
        s.append("<text x=\"").append((L + W - R) / 2).append("\" y=\"").append(H - 8).append("\" text-anchor=\"middle\" class=\"al\">").append(Html.esc(xLabel)).append("</text>\n");
        s.append("<text transform=\"translate(14,").append((T + bottom) / 2).append(") rotate(-90)\" text-anchor=\"middle\" class=\"al\">").append(Html.esc(yLabel)).append("</text>\n");
    }

    static List<Double> ticks(double a, double b, boolean log) {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double v = Math.pow(10, Math.floor(Math.log10(a))); v <= b * 1.0001; v *= 10) if (v >= a * 0.9999) out.add(v);
            return out;
        }
        if (b <= a) {
            out.add(a);
            return out;
        }
        double raw = (b - a) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), step;
        double n = raw / mag;
        step = (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
        for (double v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return out;
    }

    static List<Double> dateTicks(double a, double b) {
        List<Double> out = new ArrayList<>();
        LocalDate from = LocalDate.ofEpochDay((long) Math.floor(a)), to = LocalDate.ofEpochDay((long) Math.ceil(b));
        long months = java.time.temporal.ChronoUnit.MONTHS.between(from, to);
        int step = months > 36 ? 12 : months > 12 ? 3 : 1;
        LocalDate d = from.withDayOfMonth(1);
        if (step == 12) d = d.withDayOfYear(1);
        else if (step == 3) d = d.withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1);
        for (; !d.isAfter(to); d = d.plusMonths(step)) if (!d.isBefore(from)) out.add((double) d.toEpochDay());
        if (out.isEmpty()) out.add(a);
        return out;
    }

    private static String label(double v, boolean date) {
        if (date) return LocalDate.ofEpochDay(Math.round(v)).format(DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT));
        double a = Math.abs(v);
        if (a >= 1e6) return trim(v / 1e6) + "M";
        if (a >= 1e3) return trim(v / 1e3) + "k";
        if (a > 0 && a < 0.01) return String.format(Locale.ROOT, "%.1e", v);
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
