"""The do's and don'ts quiz: questions, attempts and the Monitoring Officer's report."""
