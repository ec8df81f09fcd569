import { headPipeline } from '../../scenarios/headPipeline.js';
import { profileProperty } from './profileProperty.js';

profileProperty(headPipeline);
