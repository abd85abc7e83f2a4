// The text-protocol system modules, for embedding and tests (the registry lists every module).
export { calmux, CalmuxSystem } from './calmux/index.js';
export { gaia, GaiaSystem } from './gaia/index.js';
export { ifDistributor, IfdSystem, Ifd14System } from './if_distributor/index.js';
export { lo, GenericLoSystem, WLoSystem } from './lo/index.js';
export { solarAttenuator, SolarAttenuatorSystem } from './solar_attenuator/index.js';
export { switchMatrix, SwitchMatrixSystem } from './switch_matrix/index.js';
export { weatherStation, WeatherStationSystem } from './weather_station/index.js';
export { dbesm, DbesmSystem } from './dbesm/index.js';
export { mscu, MscuSystem } from './mscu/index.js';
export { totalpower, TotalPowerSystem } from './totalpower/index.js';
export { backend, BACKEND_PROTOCOL_VERSION, GenericBackendSystem, MistralSystem } from './backend/index.js';
