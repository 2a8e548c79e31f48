/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { Engine } from './engine';

/** The worker entry: the engine runs here so training never blocks the page. */
Comlink.expose(new Engine());
