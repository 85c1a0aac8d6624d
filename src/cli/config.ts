// The CLI's names for the shared profiles file (src/core/profiles.ts), which the MCP server and
// the HTTP gateway read too.
import { findProfile, profilesPath, readProfiles, writeProfiles, type Profile, type ProfileFile } from '../core/profiles.js';

export type { Profile };
export type Config = ProfileFile;
export const configPath = profilesPath;
export const readConfig = readProfiles;
export const writeConfig = writeProfiles;
export { findProfile };
