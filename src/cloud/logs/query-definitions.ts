/** Saved Logs Insights queries: PutQueryDefinition, DescribeQueryDefinitions, DeleteQueryDefinition (one document each). */
import { randomUUID } from "node:crypto";
import type {
  DeleteQueryDefinitionRequest,
  DeleteQueryDefinitionResponse,
  DescribeQueryDefinitionsRequest,
  DescribeQueryDefinitionsResponse,
  PutQueryDefinitionRequest,
  PutQueryDefinitionResponse,
  QueryDefinition,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import type { LogsContext } from "./context.js";
import { limitExceeded, queryDefinitionNotFound } from "./errors.js";
import { decodePageToken, encodePageToken } from "./pagination.js";

/** "Saved queries: 1000" per account and Region (aws-spec §3.5). */
export const MAX_QUERY_DEFINITIONS = 1000;
const KIND = "query-definition";

/** A definition as stored: AWS's shape with the members PutQueryDefinition always sets, and the clientToken that created it. */
type StoredDefinition = QueryDefinition & { queryDefinitionId: string; name: string; queryString: string; clientToken?: string };

export function queryDefinitionOperations(logs: LogsContext) {
  const { documents, clock } = logs;
  const all = (ctx: RequestContext) => documents.list<StoredDefinition>(KIND, ctx, "", MAX_QUERY_DEFINITIONS + 1).map((d) => d.body);

  return {
    /**
     * PutQueryDefinition. With an id it replaces that definition whole: AWS keeps no current value
     * (omitted logGroupNames become none). A clientToken seen before returns the id it created.
     */
    putQueryDefinition(input: PutQueryDefinitionRequest, ctx: RequestContext): PutQueryDefinitionResponse {
      let id = input.queryDefinitionId;
      if (id !== undefined) {
        if (documents.get(KIND, ctx, id) === undefined) throw queryDefinitionNotFound();
      } else {
        const again = input.clientToken === undefined ? undefined : all(ctx).find((d) => d.clientToken === input.clientToken);
        if (again !== undefined) return { queryDefinitionId: again.queryDefinitionId };
        if (documents.count(KIND, ctx) >= MAX_QUERY_DEFINITIONS) throw limitExceeded();
        id = randomUUID();
      }
      const definition: StoredDefinition = {
        queryLanguage: input.queryLanguage ?? "CWLI",
        queryDefinitionId: id,
        name: input.name,
        queryString: input.queryString,
        lastModified: clock.now(),
        ...(input.logGroupNames !== undefined && input.logGroupNames.length > 0 ? { logGroupNames: input.logGroupNames } : {}),
        ...(input.parameters !== undefined ? { parameters: input.parameters } : {}),
        ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
      };
      documents.put(KIND, ctx, id, definition);
      return { queryDefinitionId: id };
    },

    /** DescribeQueryDefinitions: by name (then id), filtered by name prefix and language, paged. */
    describeQueryDefinitions(input: DescribeQueryDefinitionsRequest, ctx: RequestContext): DescribeQueryDefinitionsResponse {
      const prefix = input.queryDefinitionNamePrefix ?? "";
      const list = all(ctx)
        .filter((d) => d.name.startsWith(prefix))
        .filter((d) => input.queryLanguage === undefined || d.queryLanguage === input.queryLanguage)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.queryDefinitionId < b.queryDefinitionId ? -1 : 1));
      let from = 0;
      if (input.nextToken !== undefined) {
        const [after] = decodePageToken("query-definitions", input.nextToken);
        from = list.findIndex((d) => d.queryDefinitionId === after) + 1;
      }
      const max = input.maxResults ?? 1000;
      const items = list.slice(from, from + max).map(({ clientToken: _, ...d }: StoredDefinition) => d);
      const last = items[items.length - 1];
      return {
        queryDefinitions: items,
        ...(from + max < list.length && last !== undefined ? { nextToken: encodePageToken("query-definitions", [last.queryDefinitionId]) } : {}),
      };
    },

    deleteQueryDefinition(input: DeleteQueryDefinitionRequest, ctx: RequestContext): DeleteQueryDefinitionResponse {
      if (!documents.delete(KIND, ctx, input.queryDefinitionId)) throw queryDefinitionNotFound();
      return { success: true };
    },
  };
}
