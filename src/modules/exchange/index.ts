export { exchangeRoutes } from './routes.js'
export { carrierFullFile } from './service.js'
export { familyMembers, fullFileHeader, type CarrierFamily, type CarrierPerson, type CarrierCoverage } from './full-file.js'
export { importFamilies, type FamilyInput, type ImportedFamily, type ImportedPerson, type ImportedCoverage } from './import.js'
