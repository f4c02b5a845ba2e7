package com.allthemuchbakeshop.storefront.service;

import java.util.List;

/**
 * CSV for spreadsheet apps: UTF-8 with a byte-order mark (so Excel reads accents right), CRLF
 * line ends, every cell quoted, and cells that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or CR) prefixed with an apostrophe so they stay plain text.
 */
public final class CsvWriter {

    public static final String BOM = "\uFEFF";

    private final StringBuilder out = new StringBuilder(BOM);

    public CsvWriter row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
