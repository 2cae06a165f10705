/**
 * Small utilities shared by the encoder, index and training packages.
 */
package dev.colbert.util;
