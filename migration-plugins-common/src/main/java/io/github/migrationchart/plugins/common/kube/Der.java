package io.github.migrationchart.plugins.common.kube;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little ASN.1 DER that reading private keys takes: the elements of a SEQUENCE, and encoding
 * one element. Not a general parser: no indefinite lengths, no tags above 30.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {}

    /**
     * One element.
     *
     * @param tag     its tag byte
     * @param value   its contents
     * @param encoded the whole element: tag, length and contents
     */
    record Element(int tag, byte[] value, byte[] encoded) {}

    /** The elements of the SEQUENCE that {@code der} is. */
    static List<Element> sequence(byte[] der) throws KubeException {
        Element outer = read(der, 0);
        if (outer.tag() != SEQUENCE || outer.encoded().length != der.length) {
            throw new KubeException("not a DER SEQUENCE");
        }
        List<Element> elements = new ArrayList<>();
        for (int offset = 0; offset < outer.value().length; ) {
            Element element = read(outer.value(), offset);
            elements.add(element);
            offset += element.encoded().length;
        }
        return elements;
    }

    /** {@code tag}, the length of the contents, the contents. */
    static byte[] encode(int tag, byte[]... contents) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            value.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    private static Element read(byte[] der, int offset) throws KubeException {
        if (offset + 2 > der.length) {
            throw new KubeException("truncated DER");
        }
        int tag = der[offset] & 0xff;
        int length = der[offset + 1] & 0xff;
        int start = offset + 2;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            if (bytes == 0 || bytes > 3 || start + bytes > der.length) {
                throw new KubeException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[start + i] & 0xff);
            }
            start += bytes;
        }
        if (start + length > der.length) {
            throw new KubeException("truncated DER");
        }
        byte[] value = Arrays.copyOfRange(der, start, start + length);
        byte[] encoded = Arrays.copyOfRange(der, offset, start + length);
        return new Element(tag, value, encoded);
    }
}
