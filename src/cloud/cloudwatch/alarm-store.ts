/** Alarms and their history in the store: the definition as given, the state the evaluator moves. */
import type Database from "better-sqlite3";
import type { HistoryItemType } from "../validation/cloudwatch-types.js";
import type { AlarmDefinition, Scope, StateValue } from "./types.js";

export interface AlarmRow {
  account: string;
  region: string;
  name: string;
  definition: AlarmDefinition;
  state: StateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdated: number;
  stateTransitioned: number;
  configUpdated: number;
}

export interface HistoryRow {
  seq: number;
  alarmName: string;
  ts: number;
  /** Only the operations here write history, each with one of the model's types. */
  type: HistoryItemType;
  summary: string;
  data: string;
}

interface RawAlarm {
  account: string;
  region: string;
  name: string;
  definition: string;
  state: string;
  state_reason: string;
  state_reason_data: string | null;
  state_updated: number;
  state_transitioned: number;
  config_updated: number;
}

function toRow(r: RawAlarm): AlarmRow {
  return {
    account: r.account,
    region: r.region,
    name: r.name,
    definition: JSON.parse(r.definition) as AlarmDefinition,
    state: r.state as StateValue,
    stateReason: r.state_reason,
    ...(r.state_reason_data === null ? {} : { stateReasonData: r.state_reason_data }),
    stateUpdated: r.state_updated,
    stateTransitioned: r.state_transitioned,
    configUpdated: r.config_updated,
  };
}

export class AlarmStore {
  constructor(private readonly db: Database.Database) {}

  get(scope: Scope, name: string): AlarmRow | undefined {
    const r = this.db.prepare("SELECT * FROM cw_alarms WHERE account = ? AND region = ? AND name = ?").get(scope.account, scope.region, name) as
      | RawAlarm
      | undefined;
    return r === undefined ? undefined : toRow(r);
  }

  /** The scope's alarms by name (AWS lists them so), or every scope's when none is given (the evaluator). */
  list(scope?: Scope): AlarmRow[] {
    const rows = (
      scope === undefined
        ? this.db.prepare("SELECT * FROM cw_alarms ORDER BY account, region, name").all()
        : this.db.prepare("SELECT * FROM cw_alarms WHERE account = ? AND region = ? ORDER BY name").all(scope.account, scope.region)
    ) as RawAlarm[];
    return rows.map(toRow);
  }

  count(scope: Scope): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM cw_alarms WHERE account = ? AND region = ?").get(scope.account, scope.region) as { n: number }).n;
  }

  put(row: AlarmRow): void {
    this.db
      .prepare(
        `INSERT INTO cw_alarms (account, region, name, definition, state, state_reason, state_reason_data, state_updated, state_transitioned, config_updated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account, region, name) DO UPDATE SET definition = excluded.definition, state = excluded.state, state_reason = excluded.state_reason,
           state_reason_data = excluded.state_reason_data, state_updated = excluded.state_updated, state_transitioned = excluded.state_transitioned,
           config_updated = excluded.config_updated`,
      )
      .run(
        row.account,
        row.region,
        row.name,
        JSON.stringify(row.definition),
        row.state,
        row.stateReason,
        row.stateReasonData ?? null,
        row.stateUpdated,
        row.stateTransitioned,
        row.configUpdated,
      );
  }

  delete(scope: Scope, name: string): boolean {
    return this.db.prepare("DELETE FROM cw_alarms WHERE account = ? AND region = ? AND name = ?").run(scope.account, scope.region, name).changes > 0;
  }

  addHistory(scope: Scope, alarmName: string, ts: number, type: HistoryItemType, summary: string, data: unknown): void {
    this.db
      .prepare("INSERT INTO cw_alarm_history (account, region, alarm_name, ts, type, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(scope.account, scope.region, alarmName, ts, type, summary, JSON.stringify(data));
  }

  history(scope: Scope, filter: { alarmName?: string; type?: string; start?: number; end?: number; ascending: boolean }): HistoryRow[] {
    let sql = "SELECT seq, alarm_name AS alarmName, ts, type, summary, data FROM cw_alarm_history WHERE account = ? AND region = ?";
    const args: unknown[] = [scope.account, scope.region];
    if (filter.alarmName !== undefined) {
      sql += " AND alarm_name = ?";
      args.push(filter.alarmName);
    }
    if (filter.type !== undefined) {
      sql += " AND type = ?";
      args.push(filter.type);
    }
    if (filter.start !== undefined) {
      sql += " AND ts >= ?";
      args.push(filter.start);
    }
    if (filter.end !== undefined) {
      sql += " AND ts <= ?";
      args.push(filter.end);
    }
    sql += filter.ascending ? " ORDER BY ts, seq" : " ORDER BY ts DESC, seq DESC";
    return this.db.prepare(sql).all(...args) as HistoryRow[];
  }
}
