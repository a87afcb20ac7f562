// mapshaper ships no type declarations; this is the one entry point Sidaksos uses.
declare module 'mapshaper' {
  const mapshaper: {
    /** Runs mapshaper commands on in-memory files; resolves to the output files by name. */
    applyCommands(commands: string, input: Record<string, string>): Promise<Record<string, string | Buffer>>;
  };
  export default mapshaper;
}
