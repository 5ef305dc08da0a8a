"""The service-item catalogue (事项目录): what may be applied for, under which limits and steps."""
