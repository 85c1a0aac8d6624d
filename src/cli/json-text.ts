// The writer of exact JSON text moved to core (the MCP server writes answers too); the CLI's
// modules keep importing it from here.
export { formatJson } from '../core/json-text.js';
