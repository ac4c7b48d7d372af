export { PhoneSimulator, type PhoneSimulatorOptions, type SimulatedCall } from './phoneSimulator.ts';
