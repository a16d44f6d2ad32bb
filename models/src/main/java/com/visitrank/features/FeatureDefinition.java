package com.visitrank.features;

/**
 * One feature or label: what it means, which clean table it comes from and over which window.
 * The catalog of definitions is the single source of the README's feature list.
 *
 * @param name column name in {@code features/}
 * @param meaning what it means, in words a risk analyst uses
 * @param source the clean table(s) it is computed from
 * @param window the look-back (or, for labels, look-ahead) window
 */
public record FeatureDefinition(String name, String meaning, String source, String window) {}
