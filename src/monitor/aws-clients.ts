/** The SDK v3 clients of monitor/ and web/: the same as setup's, so doctor's checks run on the same connection. */
export { type AwsClients, awsClients, type ConnectionOptions } from "../setup/clients.js";
