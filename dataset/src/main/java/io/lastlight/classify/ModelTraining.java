package io.lastlight.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole training procedure behind {@code lastlight classify train}: load and map the data ({@link TrainingData}),
 * featurise, train on the train splits, calibrate on the dev splits, pick the threshold on the dev posts that their
 * source marks hateful/offensive (closest to real hate comments), then evaluate on the test splits (never seen in
 * training or tuning) and, with {@code crossDataset}, train again leaving each of GHC, Implicit Hate and HateCheck
 * out entirely and test on it. Everything it writes in the manifest is deterministic (no clock, no paths).
 */
public final class ModelTraining {
    public static final String CODEBOOK = "v1";
    public static final List<String> CROSS_TARGETS = List.of(TrainingData.GHC, TrainingData.IMPLICIT, TrainingData.HATECHECK);

    public record Result(LinearModel model, ObjectNode manifest) {}

    private final ModelTrainer.Params params;
    private final RulesClassifier rules;
    private final PrintWriter log;
    private final boolean devCurve;

    public ModelTraining(ModelTrainer.Params params, RulesClassifier rules, PrintWriter log, boolean devCurve) {
        this.params = params;
        this.rules = rules;
        this.log = log;
        this.devCurve = devCurve;
    }

    /** Trains from {@code dataDir}; {@code maxPerSource} &gt; 0 keeps only the first N examples of each source (tests). */
    public Result run(Path dataDir, boolean crossDataset, int maxPerSource) throws IOException {
        long t0 = System.nanoTime();
        List<TrainingData.Example> all = TrainingData.load(dataDir, rules);
        if (maxPerSource > 0) all = firstPerSource(all, maxPerSource);
        int matched = checkRelabels(all);
        ModelTrainer trainer = new ModelTrainer(params);
        ModelTrainer.Vec[] vecs = trainer.featurise(all, rules);
        log.printf("loaded and featurised %,d examples (%.1f s)%n", all.size(), (System.nanoTime() - t0) / 1e9);
        log.flush();

        LinearModel model = fit(trainer, all, vecs, e -> true);
        log.printf("trained: %s, threshold %.2f (%.1f s)%n", model.version(), model.threshold(), (System.nanoTime() - t0) / 1e9);
        log.flush();

        ObjectNode m = LabelJson.MAPPER.createObjectNode();
        m.put("model_file", "violence-lr.bin");
        m.put("model_version", model.version());
        m.put("weights_sha256", model.sha256());
        m.put("classifier_version", rules.version() + "|" + model.version());
        m.put("rules_version", rules.version());
        m.put("features_version", TextFeatures.VERSION);
        m.put("codebook", CODEBOOK);
        m.put("seed", params.seed());
        ObjectNode hp = m.putObject("hyperparameters");
        hp.put("hash_bits", params.bits());
        hp.put("epochs", params.epochs());
        hp.put("learning_rate", params.learningRate());
        hp.put("l2", params.l2());
        hp.put("positive_weight", params.positiveWeight());
        hp.put("threshold_target_share", params.targetShare());
        hp.put("char_ngram_scale", TextFeatures.CHAR_SCALE);
        hp.put("max_per_source", maxPerSource);
        m.put("threshold", model.threshold());
        m.put("threshold_chosen_on", "dev split, posts their source marks hateful/offensive, negatives re-weighted so violent posts are "
                + params.targetShare() + " of them; maximises F1 of rules OR p >= t");
        ObjectNode cal = m.putObject("calibration");
        cal.put("method", "Platt scaling on the dev split");
        cal.put("a", model.calibA());
        cal.put("b", model.calibB());
        cal.put("ungated_probability", model.ungatedProbability());
        cal.put("ungated_probability_method", "(violent + 1/2) / (posts + 1) among dev posts without violence vocabulary");
        ArrayNode data = m.putArray("data");
        for (String f : TrainingData.FILES) {
            ObjectNode d = data.addObject();
            d.put("file", f);
            d.put("sha256", LinearModel.sha256(Files.readAllBytes(dataDir.resolve(f))));
            d.put("bytes", Files.size(dataDir.resolve(f)));
        }
        ObjectNode rl = m.putObject("hand_labels");
        rl.put("resource", "io/lastlight/classify/" + TrainingData.RELABEL_RESOURCE);
        rl.put("sha256", LinearModel.sha256(TrainingData.relabelBytes()));
        rl.put("codebook", CODEBOOK);
        rl.put("labels", TrainingData.relabels().size());
        rl.put("matched", matched);
        m.set("examples", counts(all));

        double[] p = probabilities(model, vecs);
        ObjectNode ev = m.putObject("evaluation");
        ev.put("split", "test (never used for training, calibration or the threshold)");
        for (Map.Entry<String, Predicate<TrainingData.Example>> set : evalSets().entrySet()) {
            ev.set(set.getKey(), systems(all, vecs, p, model.threshold(), e -> e.split() == TrainingData.Split.TEST && set.getValue().test(e)));
        }
        m.set("reliability_test", reliability(all, p, e -> e.split() == TrainingData.Split.TEST && e.trainable()));
        m.set("reliability_test_hate", reliability(all, p, e -> e.split() == TrainingData.Split.TEST && e.trainable() && e.hate()));
        if (crossDataset) {
            ObjectNode cross = m.putObject("cross_dataset");
            for (String target : CROSS_TARGETS) {
                LinearModel cm = fit(trainer, all, vecs, e -> !e.source().equals(target));
                double[] cp = probabilities(cm, vecs);
                ObjectNode c = cross.putObject(target);
                c.put("trained_on", "train splits of every other source; calibrated and thresholded on their dev splits");
                c.put("threshold", cm.threshold());
                c.set("test", systems(all, vecs, cp, cm.threshold(), e -> e.source().equals(target) && e.split() == TrainingData.Split.TEST && e.trainable()));
                c.set("test_hate", systems(all, vecs, cp, cm.threshold(), e -> e.source().equals(target) && e.split() == TrainingData.Split.TEST && e.trainable() && e.hate()));
                log.printf("cross-dataset %s: hybrid F1 %.3f (%.1f s)%n", target, c.get("test").get("hybrid").get("f1").asDouble(), (System.nanoTime() - t0) / 1e9);
                log.flush();
            }
        }
        return new Result(model, m);
    }

    /**
     * Trains on the train split of the sources that pass {@code use} (posts with violence vocabulary only), calibrates
     * on their dev split (the same), measures the probability of a post without violence vocabulary on the rest of
     * the dev split, and picks the threshold on the dev posts their source marks hateful/offensive.
     */
    private LinearModel fit(ModelTrainer trainer, List<TrainingData.Example> all, ModelTrainer.Vec[] vecs, Predicate<TrainingData.Example> use) {
        List<ModelTrainer.Vec> train = new ArrayList<>();
        List<Integer> dev = new ArrayList<>();
        int ungated = 0, ungatedViolent = 0;
        for (int i = 0; i < all.size(); i++) {
            TrainingData.Example e = all.get(i);
            if (!e.trainable() || !use.test(e)) continue;
            if (e.split() == TrainingData.Split.TRAIN && vecs[i].gate()) train.add(vecs[i]);
            else if (e.split() == TrainingData.Split.DEV) {
                if (vecs[i].gate()) dev.add(i);
                else {
                    ungated++;
                    if (e.violent()) ungatedViolent++;
                }
            }
        }
        double p0 = (ungatedViolent + 0.5) / (ungated + 1.0);
        float[] w = trainer.train(train.toArray(new ModelTrainer.Vec[0]));
        ModelTrainer.Vec[] dv = dev.stream().map(i -> vecs[i]).toArray(ModelTrainer.Vec[]::new);
        double[] margins = ModelTrainer.margins(w, dv);
        boolean[] y = new boolean[dv.length];
        for (int i = 0; i < dv.length; i++) y[i] = dv[i].y();
        double[] ab = ModelTrainer.platt(margins, y);
        LinearModel untuned = new LinearModel(trainer.params().bits(), w, ab[0], ab[1], 0.5, p0, rules.version());
        double[] p = probabilities(untuned, vecs);
        List<Integer> hate = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TrainingData.Example e = all.get(i);
            if (e.trainable() && use.test(e) && e.split() == TrainingData.Split.DEV && e.hate()) hate.add(i);
        }
        double[] hp = new double[hate.size()];
        boolean[] hy = new boolean[hate.size()], hr = new boolean[hate.size()], hv = new boolean[hate.size()];
        for (int j = 0; j < hate.size(); j++) {
            int k = hate.get(j);
            hp[j] = p[k];
            hy[j] = vecs[k].y();
            hr[j] = vecs[k].rules();
            hv[j] = vecs[k].vetoed();
        }
        double t = ModelTrainer.bestThreshold(hp, hy, hr, hv, trainer.params().targetShare());
        if (devCurve) curve(all, vecs, p, use);
        return new LinearModel(trainer.params().bits(), w, ab[0], ab[1], t, p0, rules.version());
    }

    private void curve(List<TrainingData.Example> all, ModelTrainer.Vec[] vecs, double[] p, Predicate<TrainingData.Example> use) {
        log.println("dev curve: threshold, GHC + Implicit Hate hateful posts (P R F1, F1 re-weighted to the target share), HateCheck, Davidson offensive flagged");
        for (int s = 1; s <= 30; s += s < 10 ? 1 : 5) {
            double th = s / 100.0;
            Metrics real = new Metrics(0, 0, 0, 0), hc = real, dav = real;
            for (int k = 0; k < all.size(); k++) {
                TrainingData.Example e = all.get(k);
                if (!e.trainable() || !use.test(e) || e.split() != TrainingData.Split.DEV) continue;
                boolean hit = HybridClassifier.decide(vecs[k].rules(), vecs[k].vetoed(), p[k], th);
                if (e.source().equals(TrainingData.HATECHECK)) hc = hc.add(hit, e.violent());
                else if (e.source().equals(TrainingData.DAVIDSON)) {
                    if (e.group().equals("class1")) dav = dav.add(hit, false);
                } else if (e.hate()) real = real.add(hit, e.violent());
            }
            double wn = (double) (real.tp() + real.fn()) / (real.fp() + real.tn()) * (1 - params.targetShare()) / params.targetShare();
            double wf = 2.0 * real.tp() / (2.0 * real.tp() + wn * real.fp() + real.fn());
            log.printf("t=%.2f real P%.2f R%.2f F%.2f wF%.2f | hc P%.2f R%.2f F%.2f | dav %.4f%n", th, real.precision(), real.recall(), real.f1(), wf,
                    hc.precision(), hc.recall(), hc.f1(), dav.flaggedShare());
        }
    }

    private static double[] probabilities(LinearModel model, ModelTrainer.Vec[] vecs) {
        double[] p = new double[vecs.length];
        float[] w = new float[model.features().dims()];
        for (int i = 0; i < w.length; i++) w[i] = model.weight(i);
        double[] m = ModelTrainer.margins(w, vecs);
        for (int i = 0; i < p.length; i++) p[i] = vecs[i].gate() ? model.probability(m[i]) : model.ungatedProbability();
        return p;
    }

    /** The evaluation sets (applied to the test split). */
    static Map<String, Predicate<TrainingData.Example>> evalSets() {
        Map<String, Predicate<TrainingData.Example>> s = new LinkedHashMap<>();
        s.put("hatecheck_construct", e -> e.source().equals(TrainingData.HATECHECK));
        s.put("ghc", e -> e.source().equals(TrainingData.GHC) && e.trainable());
        s.put("ghc_hate", e -> e.source().equals(TrainingData.GHC) && e.trainable() && e.hate());
        s.put("implicit_hate", e -> e.source().equals(TrainingData.IMPLICIT) && e.trainable());
        s.put("implicit_hate_hate", e -> e.source().equals(TrainingData.IMPLICIT) && e.trainable() && e.hate());
        s.put("davidson_offensive", e -> e.source().equals(TrainingData.DAVIDSON) && e.group().equals("class1"));
        s.put("davidson_all", e -> e.source().equals(TrainingData.DAVIDSON));
        return s;
    }

    private ObjectNode systems(List<TrainingData.Example> all, ModelTrainer.Vec[] vecs, double[] p, double t, Predicate<TrainingData.Example> in) {
        Metrics kw = new Metrics(0, 0, 0, 0), ru = kw, mo = kw, hy = kw;
        for (int i = 0; i < all.size(); i++) {
            TrainingData.Example e = all.get(i);
            if (!in.test(e)) continue;
            boolean y = e.violent();
            kw = kw.add(Metrics.keyword(e.text()), y);
            ru = ru.add(vecs[i].rules(), y);
            mo = mo.add(p[i] >= t, y);
            hy = hy.add(HybridClassifier.decide(vecs[i].rules(), vecs[i].vetoed(), p[i], t), y);
        }
        ObjectNode o = LabelJson.MAPPER.createObjectNode();
        o.set("keyword", kw.toJson());
        o.set("rules", ru.toJson());
        o.set("model", mo.toJson());
        o.set("hybrid", hy.toJson());
        return o;
    }

    /** Reliability table: ten bins of p; per bin the count, mean p and observed violent share. */
    static ArrayNode reliability(List<TrainingData.Example> all, double[] p, Predicate<TrainingData.Example> in) {
        int[] n = new int[10], pos = new int[10];
        double[] sum = new double[10];
        for (int i = 0; i < all.size(); i++) {
            if (!in.test(all.get(i))) continue;
            int b = Math.min(9, (int) (p[i] * 10));
            n[b]++;
            sum[b] += p[i];
            if (all.get(i).violent()) pos[b]++;
        }
        ArrayNode a = LabelJson.MAPPER.createArrayNode();
        for (int b = 0; b < 10; b++) {
            ObjectNode o = a.addObject();
            o.put("bin", String.format(java.util.Locale.ROOT, "[%.1f,%.1f)", b / 10.0, (b + 1) / 10.0));
            o.put("n", n[b]);
            o.put("mean_p", n[b] == 0 ? 0 : Metrics.round(sum[b] / n[b]));
            o.put("observed", n[b] == 0 ? 0 : Metrics.round((double) pos[b] / n[b]));
        }
        return a;
    }

    private static ObjectNode counts(List<TrainingData.Example> all) {
        ObjectNode o = LabelJson.MAPPER.createObjectNode();
        for (String s : TrainingData.SOURCES) {
            ObjectNode so = o.putObject(s);
            for (TrainingData.Split sp : TrainingData.Split.values()) {
                int pos = 0, neg = 0, doubtful = 0;
                for (TrainingData.Example e : all) {
                    if (!e.source().equals(s) || e.split() != sp) continue;
                    if (!e.trainable()) doubtful++;
                    else if (e.violent()) pos++;
                    else neg++;
                }
                ObjectNode x = so.putObject(sp.name().toLowerCase(java.util.Locale.ROOT));
                x.put("violent", pos);
                x.put("not_violent", neg);
                x.put("left_out", doubtful);
            }
        }
        return o;
    }

    private static List<TrainingData.Example> firstPerSource(List<TrainingData.Example> all, int max) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<TrainingData.Example> out = new ArrayList<>();
        for (TrainingData.Example e : all) if (seen.merge(e.source(), 1, Integer::sum) <= max) out.add(e);
        return out;
    }

    /**
     * Counts the hand labels that match a loaded text (the rest belong to Implicit Hate posts that are GHC posts too,
     * which GHC keeps, or differ in parsing); returns the number matched.
     */
    private int checkRelabels(List<TrainingData.Example> all) throws IOException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (TrainingData.Example e : all) keys.add(e.source() + "\t" + TrainingData.key(e.text()));
        int missing = 0;
        Map<String, Boolean> labels = TrainingData.relabels();
        for (String k : labels.keySet()) if (!keys.contains(k)) missing++;
        log.printf("hand labels: %d of %d match a loaded text%n", labels.size() - missing, labels.size());
        return labels.size() - missing;
    }
}
