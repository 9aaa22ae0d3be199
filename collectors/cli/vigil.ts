// For scripts and tests that name the TypeScript file: the executable is vigil.js (see there).
import './vigil.js';
