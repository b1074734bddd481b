package io.lastlight.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fully read query result: column names and rows of plain Java values. */
public record ResultTable(List<String> columns, List<List<Object>> rows) {

    public static ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) cols.add(md.getColumnLabel(i));
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(cols.size());
            for (int i = 1; i <= cols.size(); i++) row.add(plain(rs.getObject(i)));
            rows.add(row);
        }
        return new ResultTable(cols, rows);
    }

    private static Object plain(Object v) throws SQLException {
        if (v instanceof Array) return Arrays.asList((Object[]) ((Array) v).getArray());
        if (v instanceof Timestamp) return ((Timestamp) v).toInstant().toString();
        if (v instanceof OffsetDateTime) return ((OffsetDateTime) v).toInstant().toString();
        if (v instanceof java.time.LocalDate || v instanceof java.sql.Date || v instanceof java.math.BigInteger) return v.toString();
        if (v instanceof java.math.BigDecimal) {
            java.math.BigDecimal d = (java.math.BigDecimal) v;
            return d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        }
        return v;
    }

    public int column(String name) {
        return columns.indexOf(name);
    }

    public Object value(int row, String column) {
        return rows.get(row).get(column(column));
    }
}
