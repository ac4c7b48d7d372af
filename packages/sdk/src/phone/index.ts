export { PhoneSimulator, type PhoneSimulatorOptions, type SimulatedCall, type SimulatedFlow, type PartyEnergy } from './phoneSimulator.ts';
