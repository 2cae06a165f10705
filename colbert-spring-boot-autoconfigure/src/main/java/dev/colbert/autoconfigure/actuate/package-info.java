/**
 * Actuator support: the {@code colbert} endpoint (index, model and query statistics) and the {@code colbert} health
 * indicator.
 */
package dev.colbert.autoconfigure.actuate;
