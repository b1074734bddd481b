package io.lastlight.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A simple throughput harness (no JMH): classifies N texts several times with 1 and 2 threads and reports the median
 * posts/s, then evaluates against HateCheck/Davidson when the data is present. With {@code --benchmarks FILE} it
 * rewrites the {@code ## Classifier} section of that Markdown file (other sections are kept).
 *
 * <pre>java -cp lastlight.jar io.lastlight.classify.ClassifyBench [--n 1000000] [--runs 5] [--threads 1,2] [--classifier hybrid|rules] [--benchmarks BENCHMARKS.md]</pre>
 * The default classifier is {@code hybrid} (what {@code build} uses); its evaluation is the held-out one of the shipped
 * model's manifest, as the model was trained on part of the data.
 *
 * Texts: the Davidson tweets and HateCheck cases (real posts with a realistic share of violent words), cycled to N;
 * when the data is absent, a seeded synthetic mix (about 5% violent templates).
 */
public final class ClassifyBench {
    private ClassifyBench() {}

    public static void main(String[] args) throws Exception {
        int n = 1_000_000, runs = 5;
        int[] threads = {1, 2};
        Path md = null;
        String spec = "hybrid";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--benchmarks" -> md = Path.of(args[++i]);
                case "--classifier" -> spec = args[++i];
                default -> {
                    System.err.println("usage: ClassifyBench [--n N] [--runs R] [--threads 1,2] [--classifier hybrid|rules] [--benchmarks BENCHMARKS.md]");
                    System.exit(2);
                }
            }
        }
        Classifier c = Classifiers.fromSpec(spec);
        Optional<Path> data = Evaluation.findDataDir();
        List<String> corpus = data.isPresent() ? realTexts(data.get()) : syntheticTexts(50_000, 42);
        String source = data.isPresent() ? "Davidson tweets + HateCheck cases (" + corpus.size() + " distinct texts) cycled" : "synthetic seeded mix (50,000 distinct texts) cycled";
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) texts[i] = corpus.get(i % corpus.size());
        long flagged = 0;
        for (String t : corpus) if (c.classify(t).label()) flagged++;

        System.out.printf(Locale.ROOT, "classifier %s; %d texts from %s; %d runs per thread count; %d cores; %s %s%n",
                c.version(), n, source, runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        // warm-up
        run(c, texts, 1);
        run(c, texts, Math.max(1, threads[threads.length - 1]));
        StringBuilder table = new StringBuilder("| threads | median posts/s | min | max |\n|---|---|---|---|\n");
        for (int t : threads) {
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) rates[r] = run(c, texts, t);
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = sorted[runs / 2];
            System.out.printf(Locale.ROOT, "threads=%d median=%,.0f posts/s (runs: %s)%n", t, median, Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
            table.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.0f |%n", t, median, sorted[0], sorted[runs - 1]));
        }
        String eval = null;
        if (c instanceof HybridClassifier) {
            // the model was trained on part of HateCheck/Davidson: only the held-out figures of its manifest are honest
            eval = ModelReport.markdown(ModelReport.shippedManifest());
            System.out.println(eval);
        } else if (data.isPresent()) {
            EvaluationReport rep = Evaluation.run(data.get(), c);
            eval = rep.toMarkdown();
            System.out.println(eval);
        } else {
            System.out.println("evaluation skipped: no labelled data (set LASTLIGHT_VIOLENCE_DATA or -Dlastlight.violence.data=DIR)");
        }
        if (md != null) {
            String section = section(c, n, runs, source, corpus.size(), flagged, table.toString(), eval);
            writeSection(md, section);
            System.out.println("wrote the ## Classifier section of " + md);
        }
    }

    /** Posts per second classifying all texts with {@code threads} threads. */
    static double run(Classifier c, String[] texts, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> fs = new ArrayList<>();
            int chunk = (texts.length + threads - 1) / threads;
            for (int k = 0; k < threads; k++) {
                int from = k * chunk, to = Math.min(texts.length, from + chunk);
                fs.add(pool.submit(() -> {
                    int pos = 0;
                    for (int i = from; i < to; i++) if (c.classify(texts[i]).label()) pos++;
                    return pos;
                }));
            }
            for (Future<Integer> f : fs) f.get();
            long dt = System.nanoTime() - t0;
            return texts.length / (dt / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    static List<String> realTexts(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(Evaluation.DAVIDSON))) {
            for (Map<String, String> r : Evaluation.readCsv(dir.resolve(Evaluation.DAVIDSON), "tweet")) out.add(r.get("tweet"));
        }
        if (Files.isRegularFile(dir.resolve(Evaluation.HATECHECK))) {
            for (Map<String, String> r : Evaluation.readCsv(dir.resolve(Evaluation.HATECHECK), "test_case")) out.add(r.get("test_case"));
        }
        return out;
    }

    /** Seeded synthetic posts: everyday sentences, idioms, sports talk, and ~5% violent templates. */
    public static List<String> syntheticTexts(int count, long seed) {
        String[] subjects = {"I", "We", "My neighbour", "The team", "Everyone here", "Our mayor", "This city", "My mom"};
        String[] verbs = {"loved", "watched", "hated", "shared", "posted about", "argued over", "laughed at", "missed"};
        String[] objects = {"the game last night", "the new policy", "that movie", "the election results", "the weather",
                "the protest downtown", "my coffee", "the traffic", "the stream", "this thread"};
        String[] tails = {"", " lol", " #news", " honestly", "!!!", " @friend", " https://t.co/x", " smh", " 🙄", " so true"};
        String[] extra = {"We are killing it today", "This song is killer", "Shoot me an email when you can", "I'm dying to see it",
                "We will destroy them in the finals", "The police said the man threatened to kill his neighbour",
                "Nobody should hurt anyone", "I would never hurt anyone", "Saying 'they should be hanged' is unacceptable"};
        String[] violent = {"I'm going to kill you", "They should be hanged", "We will shoot them all", "String them up",
                "Put a bullet in his head", "#hangmikepence", "Those traitors deserve to die", "Let's burn them alive"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double p = r.nextDouble();
            String s;
            if (p < 0.05) s = violent[r.nextInt(violent.length)];
            else if (p < 0.15) s = extra[r.nextInt(extra.length)];
            else s = subjects[r.nextInt(subjects.length)] + " " + verbs[r.nextInt(verbs.length)] + " " + objects[r.nextInt(objects.length)]
                        + ". " + subjects[r.nextInt(subjects.length)] + " " + verbs[r.nextInt(verbs.length)] + " " + objects[r.nextInt(objects.length)];
            out.add(s + tails[r.nextInt(tails.length)]);
        }
        return out;
    }

    private static String section(Classifier c, int n, int runs, String source, int distinct, long flagged, String table, String eval) {
        StringBuilder sb = new StringBuilder("## Classifier\n\n");
        sb.append("Written by `bench/classify.sh` (`io.lastlight.classify.ClassifyBench`); rerun it to refresh.\n\n");
        sb.append(String.format(Locale.ROOT, "Method: %,d classifications per run over %s; %d timed runs per thread count after one warm-up pass per "
                + "thread count; a run splits the texts evenly over the threads sharing one classifier; the median run is reported. "
                + "%d of the %,d distinct texts are labelled violent.%n%n", n, source, runs, flagged, distinct));
        sb.append(String.format(Locale.ROOT, "Machine: %d cores visible to the JVM (shared with other builds), %s %s, %s %s.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch")));
        sb.append("Classifier: `").append(c.version()).append("`\n\n").append(table).append('\n');
        if (eval != null && c instanceof HybridClassifier) {
            sb.append("### Evaluation (held-out, from the model manifest)\n\n").append(eval).append('\n');
            sb.append("HateCheck is construct-aligned; ghc_hate / implicit_hate_hate are the posts their source marks hateful or "
                    + "offensive (closest to real hate comments); Davidson rows give the share of tweets flagged. See docs/classifier.md.\n");
        } else if (eval != null) {
            sb.append("### Evaluation\n\n").append(eval).append('\n');
            sb.append("Reading the two HateCheck figures: the strict one (the issue's definition) counts as false positives every "
                    + "non-threat_* case that is itself a threat: HateCheck re-uses its threat templates in phrase_*, ref_subs_*, "
                    + "spell_* and target_indiv_nh/target_group_nh (\"I think that [group] should all be killed\", \"I want to kill "
                    + "him\"), which the codebook calls violent. The construct-aligned figure uses HateCheck's own ref_templ_id column "
                    + "to count those as positives; its misses are mostly obfuscated spellings (spell_*). No case of the hard-negative "
                    + "families (negate_neg_nh, counter_*, profanity_*, slur_*, derog_*, ident_*, target_obj_nh) is flagged. "
                    + "See docs/classifier.md.\n");
        }
        return sb.toString();
    }

    /** Replaces (or appends) the {@code ## Classifier} section, keeping the rest of the file. */
    static void writeSection(Path md, String section) throws IOException {
        String old = Files.isRegularFile(md) ? Files.readString(md, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        int start = old.indexOf("\n## Classifier\n");
        if (old.startsWith("## Classifier\n")) start = 0;
        String updated;
        if (start < 0) {
            updated = old.endsWith("\n\n") ? old + section : old + (old.endsWith("\n") ? "\n" : "\n\n") + section;
        } else {
            int from = start == 0 ? 0 : start + 1;
            int next = old.indexOf("\n## ", from + 3);
            String rest = next < 0 ? "" : old.substring(next + 1);
            updated = old.substring(0, from) + section + (rest.isEmpty() ? "" : "\n" + rest);
        }
        Files.writeString(md, updated, StandardCharsets.UTF_8);
    }
}
