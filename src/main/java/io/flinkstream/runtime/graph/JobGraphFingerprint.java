package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeutils.TypeSerializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A hash of everything in a job graph that its subtasks on different nodes must agree on: the vertices with their
 * names, parallelisms, operator ids and chaining, the edges with their partitioning and serializers, the frozen bytes
 * of every user function, source and key selector, the max parallelism and the data-plane and checkpoint settings.
 * Two nodes that rebuilt a job from the same class and arguments get the same fingerprint; a node with another
 * version of the job's jar, other settings, or a {@code main} that builds something else (reads the clock, a random
 * number, a local file) gets another. Not in it: the job id (given by the submitter) and the job name.
 *
 * <pre>{@code
 * String fingerprint = JobGraphFingerprint.of(graph);
 * }</pre>
 */
public final class JobGraphFingerprint {

    private JobGraphFingerprint() {
    }

    /** The SHA-256 of the graph's shape, user code and settings, in hex. */
    public static String of(JobGraph graph) {
        MessageDigest digest = sha256();
        Feed feed = new Feed(digest);
        feed.add("max-parallelism", graph.maxParallelism());
        RuntimeSettings settings = graph.settings();
        feed.add("settings", settings.batchSize() + "/" + settings.creditsPerChannel() + "/"
                + settings.sourceBatchesPerSlice() + "/" + settings.objectReuse() + "/"
                + settings.serializeLocalBatches());
        CheckpointSettings checkpointing = graph.checkpointing();
        feed.add("checkpointing", checkpointing.config().getCheckpointInterval() + "/"
                + checkpointing.config().getCheckpointingMode() + "/" + checkpointing.backend());
        for (JobVertex v : graph.vertices()) {
            feed.add("vertex", v.id() + "/" + v.name() + "/" + v.parallelism() + "/" + v.keyed() + "/"
                    + v.sourceOperatorId() + "/" + v.sourceUid() + "/" + v.sourceChainedOutputs() + "/"
                    + v.sourceNetworkOutputs() + "/" + v.inputEdges());
            feed.serializer(v.sourceOutputSerializer());
            feed.serializer(v.keySerializer());
            feed.frozen(v.source());
            for (ChainMember m : v.chain()) {
                feed.add("member", m.nodeId() + "/" + m.name() + "/" + m.uid() + "/" + m.operatorId() + "/"
                        + m.chainedOutputs() + "/" + m.networkOutputs());
                feed.serializer(m.outputSerializer());
                feed.frozen(m.operator());
            }
        }
        for (JobEdge e : graph.edges()) {
            feed.add("edge", e.id() + "/" + e.sourceVertex() + "/" + e.targetVertex() + "/" + e.partitioning());
            feed.serializer(e.recordSerializer());
            feed.serializer(e.keySerializer());
            feed.frozen(e.keySelector());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Feeds labelled, length-delimited parts, so that no two different graphs feed the same bytes. */
    private record Feed(MessageDigest digest) {
        void add(String label, Object value) {
            byte[] bytes = (label + "=" + value).getBytes(StandardCharsets.UTF_8);
            lengthOf(bytes.length);
            digest.update(bytes);
        }

        void serializer(TypeSerializer<?> serializer) {
            add("serializer", serializer == null ? "none" : serializer.getClass().getName());
        }

        void frozen(SerializedValue<?> value) {
            if (value == null) {
                add("frozen", "none");
                return;
            }
            add("frozen", "bytes");
            value.digestInto(digest);
        }

        private void lengthOf(int n) {
            digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        }
    }
}
