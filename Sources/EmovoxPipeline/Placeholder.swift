// The pipeline engine: specs, steps and the content-addressed cache.
