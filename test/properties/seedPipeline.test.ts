import { seedPipeline } from '../../scenarios/seedPipeline.js';
import { profileProperty } from './profileProperty.js';

profileProperty(seedPipeline);
