package io.lastlight.classify;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A logistic-regression model over {@link TextFeatures} for posts with violence vocabulary
 * ({@link TextFeatures#violenceCue}; the others get one fixed, measured probability): one float weight per feature, Platt calibration
 * ({@code p = 1 / (1 + exp(-(a·margin + b)))}) and the decision threshold on {@code p}, plus the feature and rules
 * versions it was trained with. Immutable and thread-safe.
 *
 * <p>File format (big-endian, {@link DataOutputStream}): magic {@code LLVLR}, format 1, features version, rules
 * version, hash bits, calibration a, b, threshold, probability of a post without violence vocabulary (doubles), number of weights, the weights (floats). The version
 * {@code lr-1+<first 12 hex of SHA-256 of the file>} names the exact bytes.
 */
public final class LinearModel {
    static final String MAGIC = "LLVLR";
    static final int FORMAT = 1;

    private final TextFeatures features;
    private final float[] w;
    private final double calibA, calibB, threshold, ungatedP;
    private final String featuresVersion, rulesVersion;
    private final String digest;

    public LinearModel(int bits, float[] weights, double calibA, double calibB, double threshold, double ungatedP, String rulesVersion) {
        this.features = new TextFeatures(bits);
        if (weights.length != features.dims()) throw new IllegalArgumentException("expected " + features.dims() + " weights, got " + weights.length);
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in (0,1): " + threshold);
        this.w = weights;
        this.calibA = calibA;
        this.calibB = calibB;
        this.threshold = threshold;
        if (!(ungatedP >= 0 && ungatedP < 1)) throw new IllegalArgumentException("ungated probability must be in [0,1): " + ungatedP);
        this.ungatedP = ungatedP;
        this.featuresVersion = TextFeatures.VERSION;
        this.rulesVersion = rulesVersion;
        this.digest = sha256(toBytes());
    }

    /** Reads a model; a file of another format or features version is refused with a clear message. */
    public static LinearModel read(InputStream in, String where) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length()];
            d.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) throw new IOException(where + " is not a lastlight model file");
            int format = d.readInt();
            if (format != FORMAT) throw new IOException(where + ": model format " + format + ", this lastlight reads format " + FORMAT);
            String fv = d.readUTF();
            if (!fv.equals(TextFeatures.VERSION)) {
                throw new IOException(where + " was trained with features " + fv + " but this lastlight extracts " + TextFeatures.VERSION
                        + "; retrain it with 'lastlight classify train'");
            }
            String rv = d.readUTF();
            int bits = d.readInt();
            double a = d.readDouble(), b = d.readDouble(), t = d.readDouble(), u = d.readDouble();
            int n = d.readInt();
            if (bits < 10 || bits > 24 || n != TextFeatures.NCUE + (1 << bits)) throw new IOException(where + ": inconsistent model header (bits " + bits + ", " + n + " weights)");
            float[] w = new float[n];
            byte[] raw = new byte[n * 4];
            d.readFully(raw);
            java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(w);
            if (d.read() != -1) throw new IOException(where + ": trailing bytes after the weights");
            return new LinearModel(bits, w, a, b, t, u, rv);
        } catch (EOFException e) {
            throw new IOException(where + " is truncated", e);
        }
    }

    /** The file bytes (deterministic). */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(w.length * 4 + 256);
            DataOutputStream d = new DataOutputStream(bo);
            d.write(MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            d.writeInt(FORMAT);
            d.writeUTF(featuresVersion);
            d.writeUTF(rulesVersion);
            d.writeInt(features.bits());
            d.writeDouble(calibA);
            d.writeDouble(calibB);
            d.writeDouble(threshold);
            d.writeDouble(ungatedP);
            d.writeInt(w.length);
            byte[] raw = new byte[w.length * 4];
            java.nio.ByteBuffer.wrap(raw).asFloatBuffer().put(w);
            d.write(raw);
            d.flush();
            return bo.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw margin of the features in {@code b}. */
    public double margin(TextFeatures.Buf b) {
        double s = 0;
        int[] idx = b.idx;
        float[] val = b.val;
        for (int i = 0; i < b.n; i++) s += w[idx[i]] * val[i];
        return s;
    }

    /** Calibrated probability for a margin. */
    public double probability(double margin) {
        return 1.0 / (1.0 + StrictMath.exp(-(calibA * margin + calibB)));
    }

    /** The probability given to a post without any violence vocabulary ({@link TextFeatures#violenceCue}). */
    public double ungatedProbability() {
        return ungatedP;
    }

    public float weight(int index) {
        return w[index];
    }

    public TextFeatures features() {
        return features;
    }

    public double threshold() {
        return threshold;
    }

    public double calibA() {
        return calibA;
    }

    public double calibB() {
        return calibB;
    }

    public String rulesVersion() {
        return rulesVersion;
    }

    /** SHA-256 of {@link #toBytes()} (hex). */
    public String sha256() {
        return digest;
    }

    /** {@code lr-1+<12 hex of the file's SHA-256>}. */
    public String version() {
        return "lr-" + FORMAT + "+" + digest.substring(0, 12);
    }

}
