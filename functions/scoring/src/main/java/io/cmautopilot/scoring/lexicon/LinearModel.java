package io.cmautopilot.scoring.lexicon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A multinomial logistic regression over {@link Features}: one weight per (bucket, class), one bias per class, plus
 * calibrated per-class offsets (the NEUTRAL band) and a confidence threshold, all chosen on held-out training data by
 * the trainer (functions/scoring/tools/train-models.sh). Inference is a sum over the text's features and a softmax.
 *
 * <p>File format (gzip): {@code "CMLM"}, version 1, classes, bits, bigrams, char n-gram range, whole-text n-grams, bias[], offset[],
 * confidence threshold, decision threshold, weight scale, then the non-zero buckets: index and one int16 per class
 * (weight = value x scale). Quantising to 16 bits changes no decision on the development sets and halves the file.
 */
public final class LinearModel {
    private static final int MAGIC = 0x434d4c4d; // "CMLM"
    private static final int VERSION = 1;

    final int classes;
    final Features.Config config;
    final float[] weights;
    final float[] bias;
    final float[] offset;
    final float confidence;
    final float threshold;

    LinearModel(int classes, Features.Config config, float[] weights, float[] bias, float[] offset, float confidence,
                float threshold) {
        this.classes = classes;
        this.config = config;
        this.weights = weights;
        this.bias = bias;
        this.offset = offset;
        this.confidence = confidence;
        this.threshold = threshold;
    }

    /** Class probabilities (softmax of the logits, calibrated offsets included). */
    double[] probabilities(Features.Vector x) {
        double[] z = logits(x);
        for (int c = 0; c < classes; c++) {
            z[c] += offset[c];
        }
        return softmax(z);
    }

    /** Logits without the calibration offsets (what training optimises). */
    double[] logits(Features.Vector x) {
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) {
            z[c] = bias[c];
        }
        for (int i = 0; i < x.size; i++) {
            int base = x.index[i] * classes;
            float v = x.value[i];
            for (int c = 0; c < classes; c++) {
                z[c] += v * weights[base + c];
            }
        }
        return z;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static LinearModel read(InputStream raw) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalStateException("not a cm-autopilot model file (version " + VERSION + ")");
            }
            int classes = in.readInt();
            Features.Config config = new Features.Config(in.readInt(), in.readBoolean(), in.readInt(), in.readInt(),
                    in.readBoolean());
            float[] bias = new float[classes];
            float[] offset = new float[classes];
            for (int c = 0; c < classes; c++) {
                bias[c] = in.readFloat();
            }
            for (int c = 0; c < classes; c++) {
                offset[c] = in.readFloat();
            }
            float confidence = in.readFloat();
            float threshold = in.readFloat();
            float scale = in.readFloat();
            float[] weights = new float[(1 << config.bits()) * classes];
            int count = in.readInt();
            byte[] block = new byte[count * (4 + 2 * classes)];
            in.readFully(block);
            int p = 0;
            for (int k = 0; k < count; k++) {
                int index = ((block[p] & 0xff) << 24) | ((block[p + 1] & 0xff) << 16) | ((block[p + 2] & 0xff) << 8)
                        | (block[p + 3] & 0xff);
                p += 4;
                for (int c = 0; c < classes; c++) {
                    short q = (short) (((block[p] & 0xff) << 8) | (block[p + 1] & 0xff));
                    p += 2;
                    weights[index * classes + c] = q * scale;
                }
            }
            return new LinearModel(classes, config, weights, bias, offset, confidence, threshold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(OutputStream raw) throws IOException {
        float max = 0;
        int count = 0;
        int buckets = weights.length / classes;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        float scale = max == 0 ? 1 : max / Short.MAX_VALUE;
        for (int b = 0; b < buckets; b++) {
            if (nonZero(b, scale)) {
                count++;
            }
        }
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(classes);
            out.writeInt(config.bits());
            out.writeBoolean(config.bigrams());
            out.writeInt(config.charMin());
            out.writeInt(config.charMax());
            out.writeBoolean(config.textChars());
            for (float b : bias) {
                out.writeFloat(b);
            }
            for (float o : offset) {
                out.writeFloat(o);
            }
            out.writeFloat(confidence);
            out.writeFloat(threshold);
            out.writeFloat(scale);
            out.writeInt(count);
            for (int b = 0; b < buckets; b++) {
                if (nonZero(b, scale)) {
                    out.writeInt(b);
                    for (int c = 0; c < classes; c++) {
                        out.writeShort(Math.round(weights[b * classes + c] / scale));
                    }
                }
            }
        }
    }

    private boolean nonZero(int bucket, float scale) {
        for (int c = 0; c < classes; c++) {
            if (Math.round(weights[bucket * classes + c] / scale) != 0) {
                return true;
            }
        }
        return false;
    }

    static LinearModel resource(String name) {
        InputStream in = LinearModel.class.getResourceAsStream("/model/" + name);
        if (in == null) {
            throw new IllegalStateException("missing model resource /model/" + name
                    + " (functions/scoring/tools/train-models.sh writes it)");
        }
        return read(in);
    }
}
