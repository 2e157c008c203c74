"""Pure numbers over loaded journeys: the metric registry, the phase x touchpoint grid and its
cell values, journey statistics and the insights. Imports only `reading`."""
