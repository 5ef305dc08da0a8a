"""Working calendars (工作日历): holidays, adjusted working weekends (调休) and working-day arithmetic."""
