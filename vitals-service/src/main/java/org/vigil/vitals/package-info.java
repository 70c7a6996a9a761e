/**
 * vitals-service: owns patients, devices with their assignment history, and readings (schema {@code vitals}). Each
 * feature package carries its own web and messaging adapters: {@code patient}, {@code device}, {@code reading}.
 */
@NullMarked
package org.vigil.vitals;

import org.jspecify.annotations.NullMarked;
