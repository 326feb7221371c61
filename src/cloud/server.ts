/**
 * The request pipeline, read top to bottom: read body -> browser refusal? -> internal route? -> detect protocol and
 * service -> authenticate -> decode and validate to the typed input -> authorize on it -> call the operation ->
 * encode; one error path for all of it.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsError, internalFailure } from "./protocol/aws-error.js";
import { decodeCborInput, encodeCborError, encodeCborOutput } from "./protocol/cbor.js";
import { EventStreamReply, isStreamed, streamedResponse } from "./protocol/event-stream.js";
import { type Detected, detectProtocol } from "./protocol/detect.js";
import { decodeJsonInput, type EncodedResponse, encodeJsonError, encodeJsonOutput } from "./protocol/json.js";
import { decodeQueryRequest } from "./protocol/query.js";
import { encodeEc2Error, encodeEc2Response, encodeQueryError, encodeQueryResponse } from "./protocol/xml.js";
import { type Refusal, refusalError } from "./request-origin.js";
import { readBody, type RequestBodies } from "./request-body.js";
import { callOperation, type Principal, type Protocol, type RequestContext, type ServiceDefinition } from "./service.js";
import { ServiceRegistry } from "./services.js";
import type { Authorizer } from "./authorization.js";
import type { Clock } from "./clock.js";
import { isStorageDamage, serviceUnavailable } from "./store/data-dir-damage.js";

export interface Authenticated {
  principal: Principal;
  account: string;
  region: string;
}

export interface RawRequest {
  method: string;
  url: URL;
  /** The request target exactly as sent: SigV4 signs the path and query as the client encoded them. */
  target: string;
  /** Repeated headers kept apart (Node's joined form would break the canonical request). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The peer's address: aws:SourceIp for conditions. */
  remoteAddress?: string;
}

export interface PipelineDeps {
  registry: ServiceRegistry;
  authorizer: Authorizer;
  clock: Clock;
  authenticate(request: RawRequest, service: string, protocol: Protocol): Authenticated;
  /** `/_flowwatch/...` and `/moto-api/...`: answered before any AWS protocol handling. */
  internal(request: RawRequest): Promise<EncodedResponse | undefined>;
  /** The body budget (size, large bodies only from known keys, bytes in flight); a default one when absent. */
  bodies?: RequestBodies;
  /** What a browser could have sent unbidden (a foreign Host or Origin, an unsigned simple request): refused first. */
  browserRefusal(request: RawRequest): Refusal | undefined;
}

/** Where a request's error goes: the protocol the request spoke, JSON 1.1 when it spoke none. */
interface Route {
  protocol: Protocol;
  service?: ServiceDefinition;
  operation?: string;
}

function encodeError(error: AwsError, route: Route, requestId: string): EncodedResponse {
  if (route.protocol === "query") return encodeQueryError(error, requestId, route.service?.xmlNamespace);
  if (route.protocol === "ec2") return encodeEc2Error(error, requestId);
  // A service that also speaks Query is awsQueryCompatible: its JSON and CBOR errors carry the Query code too.
  const queryCompatible = route.service?.protocols.includes("query") ?? false;
  if (route.protocol === "smithy-rpc-v2-cbor") return encodeCborError(error, requestId, queryCompatible);
  const response = encodeJsonError(error, route.service?.jsonVersion ?? "1.1", requestId);
  if (queryCompatible) response.headers["x-amzn-query-error"] = `${error.code};${error.sender ? "Sender" : "Receiver"}`;
  return response;
}

function unknownOperation(route: Route, detected: Detected): AwsError {
  const name = detected.operation ?? "";
  if (route.protocol === "query") return new AwsError("InvalidAction", `Could not find operation ${name} for version ${detected.form?.get("Version") ?? ""}`);
  if (route.protocol === "ec2") return new AwsError("InvalidAction", `The action ${name} is not valid for this web service.`);
  return new AwsError("UnknownOperationException", `The operation ${name} is not supported by this endpoint.`);
}

async function route(deps: PipelineDeps, request: RawRequest, requestId: string, routeOut: Route): Promise<EncodedResponse> {
  const refusal = deps.browserRefusal(request);
  if (refusal !== undefined) {
    // Worded in the protocol the request spoke, as far as its headers and body tell.
    const spoke = detectProtocol(request.method, request.url, request.headers, request.body);
    if (spoke !== undefined)
      routeOut.protocol =
        spoke.protocol === "query" && (spoke.signingService === "ec2" || spoke.form?.get("Version") === "2016-11-15") ? "ec2" : spoke.protocol;
    throw refusalError(refusal, routeOut.protocol);
  }
  const internal = await deps.internal(request);
  if (internal !== undefined) return internal;

  const detected = detectProtocol(request.method, request.url, request.headers, request.body);
  if (detected === undefined) {
    throw new AwsError("UnknownOperationException", "The request names no AWS operation: no X-Amz-Target header, no Action parameter.", 404);
  }
  routeOut.protocol = detected.protocol;
  let service: ServiceDefinition | undefined;
  if (detected.protocol === "json") service = deps.registry.byTargetPrefix(detected.targetPrefix ?? "");
  else if (detected.protocol === "smithy-rpc-v2-cbor") service = deps.registry.byCborServiceName(detected.targetPrefix ?? "");
  else if (detected.protocol === "query") {
    service = deps.registry.forQuery(detected.signingService, detected.form?.get("Version") ?? null);
    if (service !== undefined) routeOut.protocol = ServiceRegistry.formProtocol(service);
    else if (detected.signingService === "ec2" || detected.form?.get("Version") === "2016-11-15") routeOut.protocol = "ec2";
  }
  if (service === undefined) throw unknownOperation(routeOut, detected);
  routeOut.service = service;

  const auth = deps.authenticate(request, service.signingName, routeOut.protocol);
  const operationName = detected.operation ?? "";
  const operation = Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
  if (operation === undefined) throw unknownOperation(routeOut, detected);
  routeOut.operation = operationName;

  const ctx: RequestContext = { account: auth.account, region: auth.region, requestId, principal: auth.principal, clock: deps.clock };
  const owner = service;
  ctx.authorize = (action, resource, context) => deps.authorizer.authorizeAction(owner, action, [resource], ctx, request.remoteAddress, context);
  // Decode to the operation's typed input (its front end's validation errors included), then authorize on it.
  const wire =
    routeOut.protocol === "json"
      ? decodeJsonInput(request.body)
      : routeOut.protocol === "smithy-rpc-v2-cbor"
        ? decodeCborInput(request.body)
        : decodeQueryRequest(detected.form as URLSearchParams).params;
  const input = service.inputs.decode(operationName, wire, routeOut.protocol);
  deps.authorizer.authorize(service, operationName, input, ctx, request.remoteAddress);
  const output = await callOperation(operation, input, ctx);
  // A streaming operation (Logs' StartLiveTail) answers with an event stream that stays open.
  if (output instanceof EventStreamReply) return streamedResponse(output, requestId);
  if (routeOut.protocol === "json") return encodeJsonOutput(output, service.jsonVersion ?? "1.1", requestId);
  if (routeOut.protocol === "smithy-rpc-v2-cbor") return encodeCborOutput(output, requestId);
  return routeOut.protocol === "ec2"
    ? encodeEc2Response(operationName, service.xmlNamespace ?? "", output, requestId, service.inputs.model)
    : encodeQueryResponse(operationName, service.xmlNamespace ?? "", output, requestId);
}

/** The node:http handler of a pipeline. Nothing a client sends produces a 500 unless flowwatch has a bug. */
export function requestHandler(deps: PipelineDeps, onBug: (error: unknown) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const routeOut: Route = { protocol: "json" };
    let response: EncodedResponse;
    try {
      const body = await readBody(req, res, deps.bodies);
      const target = req.url ?? "/";
      // Set piecewise, never resolved against a base: a target of `//x` is a path here, not a host.
      const url = new URL("http://localhost/");
      const query = target.indexOf("?");
      url.pathname = query < 0 ? target : target.slice(0, query);
      url.search = query < 0 ? "" : target.slice(query);
      const raw: RawRequest = { method: req.method ?? "GET", url, target, headers: req.headersDistinct, body };
      if (req.socket.remoteAddress !== undefined) raw.remoteAddress = req.socket.remoteAddress.replace(/^::ffff:/, "");
      response = await route(deps, raw, requestId, routeOut);
    } catch (error) {
      if (error instanceof AwsError) {
        response = encodeError(error, routeOut, requestId);
      } else if (isStorageDamage(error)) {
        // Damage met after a clean start (a page or record gone bad since): the service is unavailable, not buggy.
        console.error(`flowwatch: storage damage while serving ${routeOut.operation ?? "a request"}: ${(error as Error).message}`);
        response = encodeError(serviceUnavailable(routeOut.service?.signingName), routeOut, requestId);
      } else {
        onBug(error);
        response = encodeError(internalFailure(), routeOut, requestId);
      }
    }
    if (res.destroyed) return;
    if (isStreamed(response)) return response.stream(res);
    res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(response.body) });
    res.end(response.body);
  };
}
