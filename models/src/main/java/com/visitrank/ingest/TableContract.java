package com.visitrank.ingest;

import com.visitrank.schema.RawTables;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * What ingest checks of one raw table: its columns' rules, the key that identifies a row, the
 * parents its rows refer to, and whether it holds personal data.
 *
 * @param table raw table name
 * @param columns one rule per contract column, in contract order
 * @param key columns that identify a row
 * @param references parent tables this table refers to
 * @param required whether ingest fails when the raw table is missing
 * @param personalData whether rejected rows must be masked in quarantine
 */
public record TableContract(String table, List<ColumnRule> columns, List<String> key,
    List<Reference> references, boolean required, boolean personalData) implements Serializable {

  /**
   * A reference to a parent table.
   *
   * @param column the referring column
   * @param parent the parent table
   * @param reason reason code of a row whose parent is unknown
   */
  public record Reference(String column, String parent, String reason) implements Serializable {}

  public StructType schema() {
    return RawTables.schemaOf(table);
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnRule::name).toList();
  }

  public List<String> requiredColumns() {
    return columns.stream().filter(ColumnRule::required).map(ColumnRule::name).toList();
  }
}
