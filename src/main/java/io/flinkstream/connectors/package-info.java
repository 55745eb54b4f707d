/**
 * Built-in sources and sinks: the number sequence and collection sources behind {@code fromSequence}/{@code fromElements}, the print, discarding and in-memory collecting sinks, and the exactly-once file sink built on {@link io.flinkstream.api.TwoPhaseCommitSinkFunction}. Built only on the public {@code api} and {@code api.source}, as a user's connector would be.
 */
package io.flinkstream.connectors;
