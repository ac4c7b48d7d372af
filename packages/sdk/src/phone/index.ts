export { PhoneSimulator, type PhoneSimulatorOptions, type SimulatedCall, type PartyEnergy } from './phoneSimulator.ts';
