package io.lastlight.classify;

import java.util.Map;

/**
 * Service-provider interface for plugging in a classifier (e.g. an ONNX model a user supplies): put a class that
 * implements this in a jar on the class path with a {@code META-INF/services/io.lastlight.classify.ClassifierProvider}
 * entry, then select it by {@link #name()} with {@link Classifiers#fromSpec(String)}, e.g. {@code rules>onnx:model=m.onnx}.
 */
public interface ClassifierProvider {
    /** The name used in specs, e.g. {@code onnx}. */
    String name();

    /** Creates the classifier from {@code key=value} options (e.g. {@code model=/path/model.onnx}). */
    Classifier create(Map<String, String> options);
}
