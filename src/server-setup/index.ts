/** Which HelenaCRM the app talks to: the setup screen's checks, where the choice is kept, and the gate both shells put before the core. */
export { checkServerAddress, displayHost, isLoopbackHost, MAX_ADDRESS_LENGTH, type AddressCheck, type AddressProblem } from './server-address';
export { probeServer, PROBE_PATH, type CertificateFlaw, type ProbeOutcome, type ProbeOptions } from './server-probe';
export { INSTALLER_SERVER_FILE, readServerFile, SAVED_SERVER_FILE, serverFileText, writeServerFile } from './server-file';
export { chooseServer, ServerSettings, type ChosenServer, type ServerCandidates, type ServerSettingsOptions } from './server-settings';
export { adoptLegacyData, LEGACY_CORE_DATA, serverDataDir, serverFolderName, SERVERS_FOLDER, type LegacyData } from './server-data-dir';
export { isServerCommand, SERVER_COMMAND_SCHEMAS } from './server-commands';
export { ServerGate, type GatedCore, type ServerGateLog, type ServerGateOptions } from './server-gate';
export { EXAMPLE_ADDRESS, setupError } from './setup-messages';
