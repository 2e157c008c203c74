"""Reading and validation: YAML files in, a located, validated handbook out."""
