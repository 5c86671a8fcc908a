console.log("prompt-cache-lens");
