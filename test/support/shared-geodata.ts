// Temporary alias while call sites move to ./geodata.ts.
export { geodataFile as sharedGeodata } from './geodata.ts';
