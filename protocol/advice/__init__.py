"""Ask the Monitoring Officer: advice requests, their routing and their answers."""
