/** S3's surface for the rest of the cloud: the endpoint that claims and serves S3 requests. */
export { S3Endpoint, type S3EndpointDeps } from "./endpoint.js";
export { S3_AUTHORIZATION } from "./authorization-table.js";
export { S3ServiceWriter, type ServiceCall, type ServiceCallOutcome } from "./service-writer.js";
