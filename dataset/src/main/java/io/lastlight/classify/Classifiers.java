package io.lastlight.classify;

import io.lastlight.core.UserException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Factory for classifiers. {@code rules} is built in; other classifiers come from {@link ClassifierProvider}s found
 * with {@link ServiceLoader}. A spec names one classifier or a chain:
 * <pre>
 *   rules                                   the built-in rules
 *   onnx:model=m.onnx                       a provider named "onnx" with option model=m.onnx (replaces the rules)
 *   rules>onnx:model=m.onnx                 rules followed by onnx in REFINE mode (default band 0.05..0.95)
 *   rules>confirm>onnx:model=m.onnx         modes: override, confirm, refine (see {@link FollowClassifier.Mode})
 * </pre>
 * Options are {@code key=value} pairs separated by commas.
 */
public final class Classifiers {
    private Classifiers() {}

    /** The built-in rules classifier (loaded once, shared; thread-safe). */
    public static RulesClassifier rules() {
        return RulesClassifier.standard();
    }

    /** {@code second} follows {@code first} in the given mode. */
    public static Classifier follow(Classifier first, Classifier second, FollowClassifier.Mode mode) {
        return new FollowClassifier(first, second, mode);
    }

    /**
     * The classifier {@code build} uses: the rules OR the shipped learned model ({@link HybridClassifier}; loaded once,
     * shared; thread-safe).
     */
    public static HybridClassifier standard() {
        return HybridClassifier.standard();
    }

    /** A classifier by provider name with options; {@code rules} and {@code hybrid} are built in. */
    public static Classifier byName(String name, Map<String, String> options) {
        if (name.equals("rules")) return rules();
        if (name.equals("hybrid")) {
            if (options.containsKey("model")) {
                java.nio.file.Path p = java.nio.file.Path.of(options.get("model"));
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(p)) {
                    return new HybridClassifier(rules(), LinearModel.read(new java.io.BufferedInputStream(in), p.toString()));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new UserException("no such model file: " + p);
                } catch (java.io.IOException e) {
                    throw new UserException("cannot read the model " + p + ": " + e.getMessage());
                }
            }
            return standard();
        }
        ServiceLoader<ClassifierProvider> loader = ServiceLoader.load(ClassifierProvider.class, Classifiers.class.getClassLoader());
        TreeSet<String> known = new TreeSet<>();
        known.add("rules");
        known.add("hybrid");
        for (ClassifierProvider p : loader) {
            if (p.name().equals(name)) return p.create(options);
            known.add(p.name());
        }
        throw new UserException("unknown classifier '" + name + "'; available: " + String.join(", ", known)
                + " (a model classifier needs its provider jar on the class path)");
    }

    /** Parses a spec (see the class comment). */
    public static Classifier fromSpec(String spec) {
        if (spec == null || spec.isBlank()) throw new UserException("empty classifier spec; use e.g. 'rules'");
        String[] parts = spec.trim().split(">");
        Classifier current = single(parts[0]);
        int i = 1;
        while (i < parts.length) {
            FollowClassifier.Mode mode = FollowClassifier.Mode.REFINE;
            String p = parts[i].trim();
            for (FollowClassifier.Mode m : FollowClassifier.Mode.values()) {
                if (p.equalsIgnoreCase(m.name())) {
                    mode = m;
                    i++;
                    if (i >= parts.length) throw new UserException("classifier spec '" + spec + "' ends after '" + p + "'; name the classifier that follows");
                    p = parts[i].trim();
                    break;
                }
            }
            current = new FollowClassifier(current, single(p), mode);
            i++;
        }
        return current;
    }

    private static Classifier single(String part) {
        String p = part.trim();
        int colon = p.indexOf(':');
        String name = (colon < 0 ? p : p.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : p.substring(colon + 1).split(",")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new UserException("classifier option '" + kv + "' in '" + part + "' is not key=value");
                options.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        if (name.isEmpty()) throw new UserException("empty classifier name in spec part '" + part + "'");
        return byName(name, options);
    }
}
