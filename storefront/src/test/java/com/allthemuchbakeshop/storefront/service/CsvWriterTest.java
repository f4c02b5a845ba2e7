package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void startsWithAByteOrderMarkAndQuotesEveryCell() {
        String csv = new CsvWriter().row(List.of("Name", "Notes")).row(List.of("Zoë \"Z\" O'Neil", "line one\nline two")).toString();
        assertTrue(csv.startsWith("\uFEFF"));
        assertEquals("\uFEFF\"Name\",\"Notes\"\r\n\"Zoë \"\"Z\"\" O'Neil\",\"line one\nline two\"\r\n", csv);
    }

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasStayText() {
        for (String formula : List.of("=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1")) {
            String cell = CsvWriter.cell(formula);
            assertTrue(cell.startsWith("\"'"), formula + " became " + cell);
        }
        assertEquals("\"a=b\"", CsvWriter.cell("a=b"), "only a leading sign matters");
        assertEquals("\"\"", CsvWriter.cell(null));
    }
}
