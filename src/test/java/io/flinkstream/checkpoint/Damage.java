package io.flinkstream.checkpoint;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ways a checkpoint file gets damaged on disk, applied to a file by a test. */
enum Damage {
    /** One byte in the middle is inverted; the size stays. */
    FLIP_BYTE,
    /** The last byte is cut off. */
    TRUNCATE,
    /** The file is gone. */
    DELETE;

    /** Damages {@code file} this way. */
    void applyTo(Path file) throws IOException {
        switch (this) {
            case FLIP_BYTE -> {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    long at = raf.length() / 2;
                    raf.seek(at);
                    int b = raf.read();
                    raf.seek(at);
                    raf.write(~b & 0xFF);
                }
            }
            case TRUNCATE -> {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(raf.length() - 1);
                }
            }
            case DELETE -> Files.delete(file);
        }
    }
}
