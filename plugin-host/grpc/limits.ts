/**
 * The largest message the host sends to or accepts from a plugin on a unary call. Vault raises
 * gRPC's limits to 2 GiB; we keep a cap so one request or one plugin answer cannot exhaust the
 * app's memory, set to the headless API's body limit so both transports behave alike.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
